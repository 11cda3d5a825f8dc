"""English entities: the English NER model, names in the article's language, English
institutions and titles, and surnames that are not countries (in both languages)."""

from __future__ import annotations

import pytest

from test_entities import by_mention, prep
from warta import resources
from warta.model import Doc
from warta.stages._crf_ner import CrfNer
from warta.stages._gazetteer import geonames_lookup
from warta.stages._home import doc_home_country, largest_place_country, place_country
from warta.stages.entities import extract_entities, get_ner


def run(text: str, language: str = "en") -> Doc:
    doc = prep(text, language)
    return doc.replace(entities=extract_entities(doc))


# -- the English model ----------------------------------------------------------------


def test_english_has_its_own_ner_model() -> None:
    en, id_ = get_ner("en"), get_ner("id")
    assert isinstance(en, CrfNer) and isinstance(id_, CrfNer)
    assert en is not id_
    assert en.lexicon is not None and en.lexicon.gaz  # name classes ship with it
    assert id_.lexicon is not None and not id_.lexicon.gaz
    assert en.lexicon.words is not None and len(en.lexicon.words.brown) > 100_000  # word table
    assert id_.lexicon.words is None
    assert get_ner("fr") is None


def test_english_model_tags_a_news_sentence() -> None:
    ner = get_ner("en")
    assert ner is not None
    sentence = "Macedonia will hold a referendum , Prime Minister Zoran Zaev said in Skopje ."
    toks = sentence.split(" ")
    spans = ner.spans(toks)
    assert (8, 10, "PER") in spans  # not the title "Prime Minister" (Universal NER)
    assert (12, 13, "LOC") in spans


def test_macedonia_is_a_country_not_a_person() -> None:
    doc = run("Macedonia will hold a referendum on its name, Prime Minister Zoran Zaev said.")
    mac = by_mention(doc, "Macedonia")
    assert mac.type == "GPE" and mac.country == "MKD"
    assert by_mention(doc, "Zoran Zaev").type == "PER"


# -- a surname is not a country -------------------------------------------------------


def test_geonames_aliases_are_not_names_or_codes() -> None:
    assert geonames_lookup("Kim") != "ZAF"  # "KIM", Kimberley's airport code
    assert geonames_lookup("Sam") != "SYR"  # an alternate name of Damascus
    assert geonames_lookup("Ben") != "LBY"
    assert geonames_lookup("Kimberley") == "ZAF"
    assert geonames_lookup("Houston") == "USA"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kim said the talks with Seoul went well.", "en"),
        ("Kim mengatakan pembicaraan dengan Seoul berjalan baik.", "id"),
    ],
)
def test_lone_korean_surname_is_a_person(text: str, language: str) -> None:
    kim = by_mention(run(text, language), "Kim")
    assert kim.type == "PER"
    # the surname is no country code (it was South Africa's ISO 3166 "ZA"); a person with
    # no role takes the article's home country (warta.stages._home), not a gazetteer hit
    assert kim.country != "ZAF"
    assert kim.country == "KOR"  # the story is set in Seoul, in either language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("North Korean leader Kim Jong Un met officials. Later Kim said it went well.", "en"),
        ("Pemimpin Korea Utara Kim Jong Un bertemu pejabat. Kemudian Kim mengatakan itu.", "id"),
    ],
)
def test_surname_joins_the_person_named_before(text: str, language: str) -> None:
    doc = run(text, language)
    kim = by_mention(doc, "Kim")
    assert kim is by_mention(doc, "Kim Jong Un")
    assert kim.country == "PRK"


# -- names in the article's language ---------------------------------------------------


def test_english_article_names_entities_in_english() -> None:
    doc = run("The United Nations and the European Union condemned the attack in the Gaza Strip.")
    assert by_mention(doc, "United Nations").name == "United Nations"
    assert by_mention(doc, "European Union").name == "European Union"
    assert by_mention(doc, "Gaza Strip").name == "Gaza Strip"


def test_indonesian_article_keeps_indonesian_names() -> None:
    doc = run(
        "Perserikatan Bangsa-Bangsa (PBB) dan Uni Eropa mengecam serangan di Jalur Gaza.", "id"
    )
    assert by_mention(doc, "PBB").name == "Perserikatan Bangsa-Bangsa"
    assert by_mention(doc, "Uni Eropa").name == "Uni Eropa"
    assert by_mention(doc, "Jalur Gaza").name == "Jalur Gaza"


def test_english_acronym_gets_the_english_label() -> None:
    doc = run("The UN said on Monday that aid was blocked.")
    assert by_mention(doc, "UN").name == "United Nations"


def test_every_actor_has_an_english_label() -> None:
    rows = resources.load_tsv("kb/actors.tsv")
    assert rows and all(r.get("name_en") for r in rows)
    for table in ("id/regions.tsv", "id/norp.tsv"):
        assert all(r.get("name_en") for r in resources.load_tsv(table))


# -- English institutions, titles and possessives ---------------------------------------


def test_country_adjective_and_institution() -> None:
    doc = run("The Iraqi parliament voted on Sunday to end the mission of the coalition.")
    parl = by_mention(doc, "parliament")
    assert parl.type == "ORG" and (parl.country, parl.sector) == ("IRQ", "LEG")
    assert by_mention(doc, "Iraqi").country == "IRQ"


def test_title_case_institution_is_one_name() -> None:
    doc = run("On Monday the Russian Foreign Ministry summoned the ambassador.")
    org = by_mention(doc, "Russian Foreign Ministry")
    assert (org.type, org.country, org.sector) == ("ORG", "RUS", "GOV")


def test_possessive_is_not_part_of_the_name() -> None:
    doc = run("China's foreign ministry said Israel's army had withdrawn.")
    assert by_mention(doc, "China").country == "CHN"
    assert by_mention(doc, "Israel").country == "ISR"
    army = by_mention(doc, "army")
    assert (army.country, army.sector) == ("ISR", "MIL")


def test_owner_before_title_gives_the_country() -> None:
    doc = run(
        "In Baghdad, Iraqi Foreign Minister Fuad Hussein met US Defense Secretary Lloyd "
        "Austin on Tuesday, and a spokesman for the Foreign Ministry, Ahmed al-Sahaf, "
        "welcomed the talks."
    )
    fuad = by_mention(doc, "Fuad Hussein")
    assert (fuad.type, fuad.country, fuad.sector) == ("PER", "IRQ", "GOV")
    assert (by_mention(doc, "Lloyd Austin").country, by_mention(doc, "Lloyd Austin").sector) == (
        "USA",
        "GOV",
    )
    sahaf = by_mention(doc, "Ahmed al-Sahaf")
    assert sahaf.type == "PER" and sahaf.sector == "GOV"
    assert by_mention(doc, "Foreign Ministry").sector == "GOV"


# -- the article's home country ---------------------------------------------------------


def test_states_and_provinces_count_for_the_home_country() -> None:
    # Alaska is a US state, not a country or a city: only the place gazetteer places it.
    # Three mentions of it outweigh one of Iraq, so a name with no country of its own is
    # American (it was Iraqi when only GPE mentions counted).
    text = (
        "Alaska State Troopers arrested Track Palin in Alaska on Friday. "
        "Palin, who served in Iraq, was charged in Alaska. "
        "Troopers in Alaska said the case would go to court."
    )
    doc = run(text)
    assert by_mention(doc, "Palin").country == "USA"
    assert doc_home_country(doc) == "USA"


def test_an_article_without_places_falls_back_on_known_institutions() -> None:
    doc = run("The FBI interviewed Brett Kavanaugh. Kavanaugh denied the claims made by Ford.")
    assert not [e for e in doc.entities if e.type in ("GPE", "LOC")]
    assert by_mention(doc, "Brett Kavanaugh").country == "USA"  # FBI's country
    assert doc_home_country(doc) == "USA"


def test_place_country_needs_one_country() -> None:
    assert place_country("Alaska", "en") == "USA"  # a Philippine hamlet of 1,048 aside
    assert place_country("Georgia", "en") is None  # the country or the US state
    assert place_country("Victoria", "en") is None  # towns in many countries
    assert place_country("no such place at all", "en") is None


def test_a_place_the_tagger_finds_takes_its_largest_reading() -> None:
    # a US state, not the Honduran town of 25,000 the city list alone knows
    assert geonames_lookup("Arizona") == "HND"
    assert largest_place_country("Arizona", "en") == "USA"
    doc = run("Storms hit Arizona on Sunday, officials in Arizona said.")
    arizona = by_mention(doc, "Arizona")
    assert arizona.type == "GPE" and arizona.country == "USA"


def test_pronouns_with_a_joined_clitic_are_no_names() -> None:
    doc = run("\"I've talked to Judge Kavanaugh, and I'm sure,\" Senator Lindsey Graham said.")
    names = {doc.text[m.start : m.end] for e in doc.entities for m in e.mentions}
    assert "I've" not in names and "I'm" not in names
    assert "Lindsey Graham" in names


def test_an_indonesian_story_without_places_follows_its_known_institutions() -> None:
    # the Indonesian prior (one mention's worth) loses to three mentions of the FBI
    doc = run(
        "FBI memeriksa Brett Kavanaugh. Menurut FBI, Kavanaugh membantah. FBI akan melapor.",
        "id",
    )
    assert not [e for e in doc.entities if e.type in ("GPE", "LOC")]
    assert by_mention(doc, "Brett Kavanaugh").country == "USA"
    assert doc_home_country(doc) == "USA"
    # a place named once keeps the story where it is
    doc = run("FBI memeriksa Budi Santoso di Bandung. FBI dan FBI melapor.", "id")
    assert by_mention(doc, "Budi Santoso").country == "IDN"
