"""The word cloud layout (pure): every word inside the box, none overlapping, sizes following the
counts, the same picture every time, and fast enough for the tally's 150 words."""

import itertools
import random
import time

from poll_service.exports.cloud import ASCENT, DESCENT, Cloud, PlacedWord, cloud_height, layout
from poll_service.exports.pdf_fonts import fonts
from poll_service.exports.pdf_kit import CONTENT_WIDTH

WIDTH, HEIGHT = CONTENT_WIDTH, 190.0


def _box(word: PlacedWord) -> tuple[float, float, float, float]:
    return (
        word.x - word.width / 2,
        word.baseline - DESCENT * word.size,
        word.x + word.width / 2,
        word.baseline + ASCENT * word.size,
    )


def _check_geometry(cloud: Cloud) -> None:
    for word in cloud.words:
        left, bottom, right, top = _box(word)
        assert left >= 0 and bottom >= 0 and right <= cloud.width and top <= cloud.height, word
    for a, b in itertools.combinations(cloud.words, 2):
        la, ba, ra, ta = _box(a)
        lb, bb, rb, tb = _box(b)
        assert ra <= lb or rb <= la or ta <= bb or tb <= ba, (a.text, b.text)


def test_words_stay_inside_the_box_and_never_overlap() -> None:
    for n in (1, 2, 5, 12, 40, 150):
        words = [(f"woord{i}", max(1, 60 // (i + 1))) for i in range(n)]
        cloud = layout(words, WIDTH, HEIGHT, fonts().bold)
        assert len(cloud.words) + cloud.left_out == n
        _check_geometry(cloud)


def test_sizes_follow_the_counts() -> None:
    words = [("aaaa", 20), ("bbbb", 12), ("cccc", 12), ("dddd", 5), ("eeee", 1)]
    cloud = layout(words, WIDTH, HEIGHT, fonts().bold)
    size = {w.text: w.size for w in cloud.words}
    assert len(size) == 5
    assert size["aaaa"] > size["bbbb"] == size["cccc"] > size["dddd"] > size["eeee"]
    assert cloud.words[0].text == "aaaa" and cloud.words[0].rank == 0
    # The most frequent word sits in the middle.
    first = cloud.words[0]
    assert abs(first.x - WIDTH / 2) < WIDTH * 0.15
    assert abs(first.baseline - HEIGHT / 2) < HEIGHT * 0.3


def test_the_same_words_give_the_same_picture() -> None:
    words = [(f"w{i}", 30 - i) for i in range(30)]
    assert layout(words, WIDTH, HEIGHT, fonts().bold) == layout(words, WIDTH, HEIGHT, fonts().bold)


def test_a_full_tally_of_150_words_is_placed_quickly() -> None:
    rng = random.Random(2)
    letters = "abcdefghijklmnoprstuvwzëé"
    words = [
        ("".join(rng.choice(letters) for _ in range(rng.randint(4, 12))), max(1, 300 // (i + 1)))
        for i in range(150)
    ]
    began = time.perf_counter()
    cloud = layout(words, WIDTH, cloud_height(150), fonts().bold)
    assert time.perf_counter() - began < 1.5
    assert len(cloud.words) == 150
    _check_geometry(cloud)
    # 150 long words: most fit, the rest is left to the table beside the cloud.
    long_words = [(f"bewonersavond{i}", max(1, 300 // (i + 1))) for i in range(150)]
    cloud = layout(long_words, WIDTH, cloud_height(150), fonts().bold)
    assert len(cloud.words) >= 130 and cloud.left_out == 150 - len(cloud.words)
    assert [w.rank for w in cloud.words][:100] == list(range(100))  # the most frequent go first
    _check_geometry(cloud)


def test_a_very_long_word_is_made_to_fit() -> None:
    word = "ĳsbaan" * 10  # the longest entry a word cloud accepts
    cloud = layout([(word, 5), ("kort", 1)], WIDTH, 110.0, fonts().bold)
    assert [w.text for w in cloud.words] == [word, "kort"]
    _check_geometry(cloud)


def test_no_words_no_cloud() -> None:
    assert layout([], WIDTH, HEIGHT, fonts().bold).words == []
