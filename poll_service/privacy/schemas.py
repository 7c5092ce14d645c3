from pydantic import BaseModel


class ParticipantPublic(BaseModel):
    id: str
    nickname: str | None
    answers: int
    removed: bool
    joined_at: str


class ParticipantList(BaseModel):
    total: int
    participants: list[ParticipantPublic]


class FloodStats(BaseModel):
    refused_last_minute: int
    threshold: int
    warning: bool


class JoinBurst(BaseModel):
    source: str
    participants: int
    last_joined_at: str


class JoinBursts(BaseModel):
    bursts: list[JoinBurst]


class BurstRemoved(BaseModel):
    removed: int
