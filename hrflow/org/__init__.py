"""The organisation: departments (a tree) and locations, shared by recruiting and employees."""
