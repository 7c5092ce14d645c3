from pydantic import BaseModel, Field


class ShareCreated(BaseModel):
    url: str = Field(description="absolute URL of the read-only results page; shown only now")
    token: str = Field(description="the secret part of the URL (only its SHA-256 is stored)")
    json_url: str = Field(description="the same results as JSON")


class ShareStatus(BaseModel):
    shared: bool
    created_at: str | None = None
