"""The aligner: pairs survive splits, merges, added and dropped items, flattened tables, moves."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.importing.align import Unit, align, fold, month_names, score_pair

SOURCE = [
    Unit("heading", "Meeting in Cartagena"),
    Unit("paragraph", "The partners will meet in Cartagena on 31 March and 1 April. They will discuss the pilot actions."),
    Unit("paragraph", "The final conference takes place in Monza on 30 and 31 May, with 120 guests from 7 countries."),
    Unit("list item", "Riga: 43 participants on 20 January 2022"),
    Unit("list item", "Cluj: 25 participants on 10 February 2022"),
    Unit("list item", "Lublin: 31 participants on 23 February 2022"),
    Unit("heading", "Resources"),
    Unit("paragraph", "The EMN bulletin of March 2022 is online at https://home-affairs.ec.europa.eu/emn."),
]
RO = [
    "Întâlnirea de la Cartagena",
    "Partenerii se vor întâlni la Cartagena pe 31 martie și 1 aprilie. Ei vor discuta acțiunile pilot.",
    "Conferința finală are loc la Monza pe 30 și 31 mai, cu 120 de invitați din 7 țări.",
    "Riga: 43 de participanți pe 20 ianuarie 2022",
    "Cluj: 25 de participanți pe 10 februarie 2022",
    "Lublin: 31 de participanți pe 23 februarie 2022",
    "Resurse",
    "Buletinul REM din martie 2022 este disponibil la https://home-affairs.ec.europa.eu/emn.",
]


def run(target: list[str]):
    units = [Unit("text", text) for text in target]
    return align(SOURCE, units, source_lang="en", target_lang="ro", terms=["Monza"])


def pairs(alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.source, link.target) for link in alignment.pairs]


def test_same_structure_pairs_one_to_one():
    result = run(RO)
    assert pairs(result) == [((i,), (i,)) for i in range(8)]
    assert result.unpaired_source == [] and result.unpaired_target == []
    assert result.matches


def test_paragraph_split_in_two():
    target = RO[:1] + [
        "Partenerii se vor întâlni la Cartagena pe 31 martie și 1 aprilie.",
        "Ei vor discuta acțiunile pilot.",
    ] + RO[2:]
    result = run(target)
    assert pairs(result) == [((0,), (0,)), ((1,), (1, 2))] + [((i,), (i + 1,)) for i in range(2, 8)]
    assert [link.move for link in result.pairs][1] == "1-2"


def test_two_paragraphs_merged_into_one():
    target = RO[:1] + [RO[1] + " " + RO[2]] + RO[3:]
    result = run(target)
    assert pairs(result) == [((0,), (0,)), ((1, 2), (1,))] + [((i,), (i - 1,)) for i in range(3, 8)]


def test_added_list_item_is_unpaired_in_the_translation():
    target = RO[:5] + ["Ravenna: 18 participanți pe 28 februarie 2022"] + RO[5:]
    result = run(target)
    assert pairs(result) == [((i,), (i,)) for i in range(5)] + [((i,), (i + 1,)) for i in range(5, 8)]
    assert result.unpaired_target == [5]


def test_dropped_list_item_is_unpaired_in_the_source():
    target = RO[:4] + RO[5:]
    result = run(target)
    assert pairs(result) == [((i,), (i,)) for i in range(4)] + [((i,), (i - 1,)) for i in range(5, 8)]
    assert result.unpaired_source == [4]


def test_flattened_table_row_read_as_who_when_what():
    source = [
        Unit("table cell", "Who"),
        Unit("table cell", "When"),
        Unit("table cell", "Riga, Creative Ideas"),
        Unit("table cell", "The event had 43 participants from Latvian municipalities and NGOs."),
        Unit("table cell", "20 January 2022"),
        Unit("table cell", "Cartagena, ACI"),
        Unit("table cell", "Representatives of Linköping and Dietzenbach presented 12 actions."),
        Unit("table cell", "23 February 2022"),
    ]
    target = [
        Unit("text", "Riga, Creative Ideas"),
        Unit("text", "1/20/2022"),
        Unit("text", "Evenimentul a avut 43 de participanți din municipalități letone și ONG-uri."),
        Unit("text", "Cartagena, ACI"),
        Unit("text", "2/23/2022"),
        Unit("text", "Reprezentanții din Linköping și Dietzenbach au prezentat 12 acțiuni."),
    ]
    result = align(source, target, source_lang="en", target_lang="ro")
    assert pairs(result) == [((2,), (0,)), ((3,), (2,)), ((4,), (1,)), ((5,), (3,)), ((6,), (5,)), ((7,), (4,))]
    assert result.unpaired_source == [0, 1]


def test_heading_moved_by_one_place():
    target = [RO[1], RO[0]] + RO[2:]
    result = run(target)
    assert pairs(result)[:2] == [((0,), (1,)), ((1,), (0,))]
    assert pairs(result)[2:] == [((i,), (i,)) for i in range(2, 8)]


def test_heading_moved_to_the_end():
    target = RO[1:] + [RO[0]]
    result = run(target)
    assert pairs(result) == [((0,), (7,))] + [((i,), (i - 1,)) for i in range(1, 8)]
    assert result.pairs[0].move == "moved"


def test_translation_of_another_document_does_not_match():
    other = [
        "Festivalul de ciclism din Timișoara începe sâmbătă.",
        "Traseul are 65 de kilometri și trece prin trei sate.",
        "Înscrierile se fac online până vineri.",
        "Premii",
        "Primii trei clasați primesc biciclete noi.",
        "Organizatori",
        "Clubul sportiv local și primăria orașului.",
    ]
    result = run(other)
    assert not result.matches
    assert all(link.score < 0.7 for link in result.pairs)
    assert len(result.pairs) <= len(SOURCE) // 2
    assert sum(link.score for link in result.pairs) / len(result.pairs) < 0.5


def test_dates_in_any_format_are_anchors():
    source = [Unit("table cell", "20 January 2022"), Unit("table cell", "10 February 2022")]
    target = [Unit("text", "1/20/2022"), Unit("text", "2/10/2022")]
    result = align(source, target, source_lang="en", target_lang="ro")
    assert pairs(result) == [((0,), (0,)), ((1,), (1,))]
    crossed = align(source, target[::-1], source_lang="en", target_lang="ro")
    assert sorted(pairs(crossed)) == [((0,), (1,)), ((1,), (0,))]
    same = score_pair(source[0], target[0], source_lang="en", target_lang="ro")
    other = score_pair(source[0], target[1], source_lang="en", target_lang="ro")
    assert same > other + 0.2


def test_month_names_come_from_babel():
    assert month_names("ro")["martie"] == 3
    assert month_names("de")[fold("März")] == 3
    assert month_names("xx-unknown") == {}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(range(len(SOURCE))), min_size=0, max_size=12))
def test_every_segment_appears_exactly_once(indexes):
    target = [Unit("text", RO[i]) for i in indexes]
    result = align(SOURCE, target, source_lang="en", target_lang="ro")
    sources = sorted(i for link in result.links for i in link.source)
    targets = sorted(j for link in result.links for j in link.target)
    assert sources == list(range(len(SOURCE)))
    assert targets == list(range(len(target)))
    assert all(0 <= link.score <= 1 for link in result.links)


def test_long_run_of_dropped_segments_beyond_the_first_band():
    names = ["Riga", "Cluj", "Lublin", "Ravenna", "Monza", "Cartagena", "Linköping"]
    source = [Unit("paragraph", f"Report {k} from {names[k % 7]}: {k * 7 + 3} people met on {k % 28 + 1} May.")
              for k in range(120)]
    kept = list(range(30)) + list(range(75, 120))  # 45 paragraphs missing in the middle
    target = [Unit("text", f"Raportul {k} din {names[k % 7]}: {k * 7 + 3} persoane s-au întâlnit pe {k % 28 + 1} mai.")
              for k in kept]
    result = align(source, target, source_lang="en", target_lang="ro")
    assert pairs(result) == [((k,), (position,)) for position, k in enumerate(kept)]
    assert result.unpaired_source == list(range(30, 75))
