from pydantic import BaseModel, ConfigDict, EmailStr, Field


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=8, max_length=256)
    display_name: str = Field(min_length=1, max_length=100)
    # The token of a workspace invitation to this address: what an invitation-only server asks for.
    invitation: str | None = Field(default=None, max_length=200)


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class UserPublic(BaseModel):
    id: str
    email: str
    display_name: str
    # "organiser" or "admin" (one of the server's administrators: /admin).
    role: str = "organiser"


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
