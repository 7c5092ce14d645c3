from pydantic import BaseModel, ConfigDict, Field


class NicknameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nickname: str = Field(min_length=1, max_length=200, description="cleaned, at most 24 characters")


class Me(BaseModel):
    participant_id: str
    nickname: str | None
    can_change_name: bool = Field(
        default=True,
        description="false where the organiser gives every player a generated name "
        '(settings.player_names "generated"): PATCH answers 403',
    )


class LeaderboardEntry(BaseModel):
    rank: int
    participant_id: str
    nickname: str
    score: int
    answered: int
    time_ms: int | None = Field(
        default=None,
        description="time taken by the answers that scored (the tie-break: equal points, faster first); "
        "null when none was timed (self-paced)",
    )


class Leaderboard(BaseModel):
    room_id: str
    mode: str = Field(description='"off", "ranking" or "podium": what the screen shows now')
    questions_counted: int
    players: int
    entries: list[LeaderboardEntry]


class CombinedEntry(LeaderboardEntry):
    room_id: str
    room: str = Field(description="the room's name: several rooms may run one deck")


class CombinedLeaderboard(BaseModel):
    presentation_id: str
    rooms: int
    players: int
    entries: list[CombinedEntry]


class SurveyProgress(BaseModel):
    room_id: str
    questions: int
    started: int
    finished: int
    per_question: dict[str, int]
