"""Leave (issue 18, docs/TIME.md): types, the ledger, annual leave, requests, selectors."""
