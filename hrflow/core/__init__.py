"""Shared building blocks: BaseModel, ApplicationError, the audit trail, health and schedules."""
