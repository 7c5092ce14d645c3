"""Unit tests of the bench's own logic (run: python -m pytest bench).

The end-to-end check is `python -m bench --smoke`; these pin the parts whose bugs would quietly
skew figures: frame parsing, masking, the vote->screen attribution, targets.
"""

from __future__ import annotations

import asyncio
import struct

import pytest

from bench import rawws
from bench.live_room import max_in_window, screen_latencies
from bench.probes import percentile
from bench.rawhttp import _parse
from bench.report import Metric, ScenarioResult, Target, failures, table, verdict


class FakeTransport:
    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def abort(self) -> None:
        self.closing = True


def server_frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    n = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode])
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + struct.pack("!H", n)
    else:
        head += bytes([127]) + struct.pack("!Q", n)
    return head + payload


def unmask(frame: bytes) -> tuple[int, bytes]:
    opcode, n = frame[0] & 0x0F, frame[1] & 0x7F
    pos = 2
    if n == 126:
        n, pos = struct.unpack("!H", frame[2:4])[0], 4
    assert frame[1] & 0x80, "client frames must be masked"
    key, data = frame[pos : pos + 4], frame[pos + 4 : pos + 4 + n]
    return opcode, bytes(b ^ key[i % 4] for i, b in enumerate(data))


async def open_client() -> tuple[rawws.WsClient, FakeTransport]:
    key = b"dGhlIHNhbXBsZSBub25jZQ=="
    totals = rawws.Totals()
    client = rawws.WsClient(b"GET / HTTP/1.1\r\n\r\n", key, totals, keep_payloads=True)
    transport = FakeTransport()
    client.connection_made(transport)  # type: ignore[arg-type]
    accept = rawws.accept_key(key)
    client.data_received(b"HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    await client.wait_open(1)
    return client, transport


async def test_messages_split_across_reads_and_seq_extracted() -> None:
    client, _ = await open_client()
    big = b'{"type":"results","seq":7,"result":{"response_count":42,"x":"' + b"a" * 300 + b'"}}'
    stream = server_frame(1, b'{"type":"state","seq":3}') + server_frame(1, big)
    for i in range(0, len(stream), 7):  # arbitrary TCP segmentation
        client.data_received(stream[i : i + 7])
    assert client.seqs == [3, 7]
    assert client.counts == [-1, 42]
    assert client.last_count == 42
    assert client.payloads[1] == big


async def test_fragments_ping_and_close() -> None:
    client, transport = await open_client()
    client.data_received(server_frame(1, b'{"seq":1,', fin=False) + server_frame(0, b'"a":2}'))
    assert client.payloads == [b'{"seq":1,"a":2}']
    client.data_received(server_frame(9, b"hi"))
    assert unmask(transport.written[-1]) == (0xA, b"hi")
    client.ping(5)
    client.data_received(server_frame(0xA, struct.pack("!Q", 5)))
    assert len(client.ping_rtts) == 1
    client.data_received(server_frame(8, struct.pack("!H", 1000)))
    assert client.close_code == 1000
    assert transport.closing


async def test_handshake_refusal_fails() -> None:
    client = rawws.WsClient(b"", b"k", rawws.Totals(), keep_payloads=False)
    client.connection_made(FakeTransport())  # type: ignore[arg-type]
    client.data_received(b"HTTP/1.1 403 Forbidden\r\n\r\n")
    with pytest.raises(ConnectionError):
        await client.wait_open(1)


def test_masking_round_trips() -> None:
    payload = bytes(range(256)) * 3
    assert unmask(rawws.mask_frame(1, payload)) == (1, payload)


def test_http_parse_content_length_and_chunked() -> None:
    buf = bytearray(b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}HTTP/1.1")
    assert _parse(buf) == (201, b"{}", len(buf) - 8, None)
    chunked = bytearray(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
    assert _parse(chunked) == (200, b"abc", len(chunked), None)
    busy = bytearray(b"HTTP/1.1 503 Busy\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n")
    assert _parse(busy) == (503, b"", len(busy), 2.0)
    assert _parse(bytearray(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab")) is None


async def test_screen_latency_attribution() -> None:
    client = rawws.WsClient(b"", b"", rawws.Totals(), keep_payloads=False)
    client.times = [0.05, 1.0, 2.0]
    client.counts = [10, 12, 13]  # 10 votes before the phase
    latencies = screen_latencies(client, sent_by_ack=[0.5, 0.6, 1.5], base=10)
    assert latencies == pytest.approx([0.5, 0.4, 0.5])


def test_window_and_percentile() -> None:
    assert max_in_window([i * 0.1 for i in range(30)]) == 10
    assert max_in_window([0.0, 0.001, 0.002]) == 3
    assert percentile([1, 2, 3, 4], 50) == 2
    assert percentile(list(range(1, 101)), 99) == 99


def test_targets_and_relative_verdicts() -> None:
    rel = Target("<=", None, rel=1.5)
    assert verdict(Metric("cpu", 10.0, "us", rel), Metric("cpu", 8.0)) == "PASS"
    assert verdict(Metric("cpu", 13.0, "us", rel), Metric("cpu", 8.0)) == "FAIL"
    assert verdict(Metric("cpu", 13.0, "us", rel), None) == "info"
    both = Target(">=", 4000, rel=0.6)
    assert verdict(Metric("v", 4500.0, "", both), Metric("v", 8000.0)) == "FAIL"
    assert verdict(Metric("v", float("nan"), "", Target("<=", 1)), None) == "FAIL"
    res = [ScenarioResult("s", "service", [Metric("lost", 1.0, "", Target("==", 0, correctness=True))])]
    assert failures(res, correctness_only=True) == ["service/s: lost = 1 "]


def test_loop_is_usable() -> None:
    # pytest's loop fixture aside, the bench must run under a plain asyncio loop too
    assert asyncio.run(asyncio.sleep(0, result=1)) == 1


def test_sqlite_and_postgres_side_by_side_with_their_own_targets() -> None:
    def http(server: str, votes: float, cpu: float) -> ScenarioResult:
        return ScenarioResult(
            "http-votes",
            server,
            [
                Metric("durable votes", votes, "/s", Target(">=", 4000, rel=0.6)),
                Metric("server cpu per vote", cpu, "us"),
            ],
        )

    results = [http("baseline", 8000, 100), http("service", 6000, 150), http("service-pg", 4500, 200)]
    out = table(results).splitlines()
    assert out[0].split()[:5] == ["scenario", "metric", "sqlite", "postgres", "baseline"]
    votes = next(line for line in out if "durable votes" in line)
    # 4,500/s is 0.75x the SQLite path's 6,000 (target >= 0.8x) and 0.56x the baseline's.
    assert "6,000 /s" in votes and "4,500 /s" in votes and "0.75" in votes
    assert "FAIL, FAIL vs sqlite" in votes
    cpu = next(line for line in out if "server cpu per vote" in line)
    assert "1.33" in cpu and "FAIL vs sqlite" in cpu  # 200 us is 1.33x 150 (target <= 1.2x)
    assert "service-pg/http-votes: server cpu per vote = 1.33 x the SQLite path" in failures(
        results, correctness_only=False
    )
    assert failures(results, correctness_only=True) == []
