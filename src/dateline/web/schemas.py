"""Shapes of the JSON API, for the OpenAPI schema (/openapi.json)."""
from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, Field


class Facet(BaseModel):
    value: str
    n: int


class Facets(BaseModel):
    outlets: list[Facet]
    days: list[Facet]
    people: list[Facet]


class SearchHit(BaseModel):
    id: str
    title: Optional[str]
    outlet: Optional[str]
    day: Optional[str]
    byline: list[str]
    snippet: str = Field(description="Plain text around the best match")
    snippet_marks: list[list[int]] = Field(description="[start, end] of matched words in snippet")
    score: Optional[float] = Field(None, description="BM25 (lower is better); null without words")


class SearchResult(BaseModel):
    query: str
    fts: str = Field(description="The FTS5 query the words became")
    total: int
    limit: int
    offset: int
    hits: list[SearchHit]
    facets: Facets


class QuoteRow(BaseModel):
    quote_id: int
    idx: int = Field(description="Position among the article's quotes (anchor #q{idx} on its page)")
    quote: str
    start: int
    end: int
    speaker: Optional[str]
    speaker_desc: Optional[str]
    anonymous: bool
    partial: bool
    kind: str
    cue: Optional[str]
    article_id: str
    title: Optional[str]
    outlet: Optional[str]
    day: Optional[str]


class QuoteList(BaseModel):
    speaker: Optional[str]
    q: Optional[str]
    limit: int
    offset: int
    more: bool = Field(description="True when a next page exists")
    quotes: list[QuoteRow]


class CountRow(BaseModel):
    count_id: int
    text: str
    start: int
    end: int
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    category: str
    what: Optional[str]
    claimant: Optional[str]
    as_of: Optional[str]
    as_of_date: Optional[str]
    article_id: str
    title: Optional[str]
    outlet: Optional[str]
    day: Optional[str]


class PersonRow(BaseModel):
    name: str
    articles: int
    mentions: int
    quotes: int
    role: Optional[str]


class PeopleList(BaseModel):
    limit: int
    offset: int
    more: bool
    people: list[PersonRow]


class Role(BaseModel):
    role: str
    first_day: Optional[str]
    last_day: Optional[str]
    articles: int


class Month(BaseModel):
    month: str
    articles: int


class CoMention(BaseModel):
    name: str
    articles: int


class PersonArticle(BaseModel):
    id: str
    title: Optional[str]
    outlet: Optional[str]
    day: Optional[str]
    role: Optional[str]
    quotes: int


class PersonDetail(BaseModel):
    name: str
    articles: int
    mentions: int
    quotes: int
    names_used: list[str]
    roles: list[Role]
    months: list[Month]
    quoted: list[QuoteRow]
    claims: list[CountRow]
    co_mentioned: list[CoMention]
    co_mention_window: Optional[int] = Field(None, description="Co-mentions counted over this many latest articles")
    latest_articles: list[PersonArticle]


class Series(BaseModel):
    claimant: Optional[str] = Field(description='null: the outlet\'s own figures; "others": the rest')
    points: list[CountRow]


class Comparison(BaseModel):
    category: Optional[str]
    about: Optional[str]
    total: int
    truncated: bool
    days: list[str]
    series: list[Series]


class ClaimsResult(BaseModel):
    categories: list[dict[str, Any]]
    compare: Comparison
    groups: list[dict[str, Any]] = Field(description="Claim groups from the linking step, when it has run")


class StoryList(BaseModel):
    stories: list[dict[str, Any]]


class IngestFile(BaseModel):
    name: str
    status: str
    format: str
    articles: int
    new: int
    message: Optional[str]
    warnings: list[str]
