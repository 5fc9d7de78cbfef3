//! Tests of [`Extractor::enrich`] as a whole: datelines, dates, places, people, organisations
//! and aliases, on sentences written for these tests.

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use super::Extractor;
use crate::model::{Article, EntityKind, PlaceKind};

fn enrich(title: &str, body: &str) -> Article {
    let mut a = Article { title: title.into(), body: body.into(), ..Default::default() };
    Extractor::global().enrich(&mut a);
    a
}

fn dated(body: &str, y: i32, m: u32, d: u32) -> Article {
    let mut a = Article {
        body: body.into(),
        date: Some(Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()),
        ..Default::default()
    };
    Extractor::global().enrich(&mut a);
    a
}

fn place_names(a: &Article) -> Vec<&str> {
    a.places.iter().map(|p| p.name.as_str()).collect()
}

fn mentions_of(a: &Article, kind: EntityKind) -> Vec<(&str, &str)> {
    a.mentions.iter().filter(|m| m.kind == kind).map(|m| (m.text.as_str(), m.canonical.as_str())).collect()
}

// ---- datelines -------------------------------------------------------------------------------

#[test]
fn dateline_reuters_with_year_from_article_date() {
    let a = dated("BUSAN, Oct. 30 (Reuters) - The two leaders met on Thursday.", 2025, 10, 31);
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(d.text, "BUSAN, Oct. 30 (Reuters)");
    assert_eq!(d.place_text, "BUSAN");
    assert_eq!(d.agency.as_deref(), Some("Reuters"));
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2025, 10, 30));
    let p = d.place.as_ref().expect("resolved");
    assert_eq!((p.name.as_str(), p.country.as_deref()), ("Busan", Some("South Korea")));
    assert_eq!(a.place.as_ref().map(|p| p.name.as_str()), Some("Busan"));
    assert_eq!(a.date.unwrap().day(), 31, "a metadata date is kept");
    assert_eq!(a.mentions[0].text, "BUSAN");
    assert_eq!(a.mentions[0].canonical, "Busan");
    assert_eq!(a.mentions[0].start, 0);
}

#[test]
fn dateline_year_from_path_sets_missing_date() {
    let mut a = Article {
        source: "archive/2025/10/30/busan-summit.txt".into(),
        body: "LONDON, Oct 29 (Reuters) - Markets rose.".into(),
        ..Default::default()
    };
    Extractor::global().enrich(&mut a);
    let d = a.dateline.as_ref().unwrap();
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2025, 10, 29));
    assert_eq!(a.date.unwrap().date_naive(), NaiveDate::from_ymd_opt(2025, 10, 29).unwrap());
    assert_eq!(d.place.as_ref().unwrap().country.as_deref(), Some("United Kingdom"));
}

#[test]
fn path_date_without_dateline_and_no_date_at_all() {
    let mut a =
        Article { source: "x/2024-02-29-note.md".into(), body: "Nothing here.".into(), ..Default::default() };
    Extractor::global().enrich(&mut a);
    assert_eq!(a.date.unwrap().date_naive(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
    let a = enrich("", "TOKYO, March 2 - Japan's exports rose.");
    let d = a.dateline.as_ref().unwrap();
    assert_eq!(d.date, None, "no year known: no date");
    assert_eq!(a.date, None);
    assert_eq!(d.place.as_ref().unwrap().name, "Tokyo");
}

#[test]
fn dateline_styles() {
    let a = enrich("", "WASHINGTON (AP) — The Senate voted on Tuesday.");
    let d = a.dateline.unwrap();
    assert_eq!((d.place_text.as_str(), d.agency.as_deref()), ("WASHINGTON", Some("AP")));
    assert_eq!(d.place.unwrap().region.as_deref(), Some("District of Columbia"));

    let d = enrich("", "SAN FRANCISCO—Shares of chip makers rose.").dateline.unwrap();
    assert_eq!(d.place.unwrap().name, "San Francisco");

    let d = enrich("", "NAIROBI, Kenya (AP) — Police said.").dateline.unwrap();
    assert_eq!(d.place.unwrap().name, "Nairobi");

    let d = enrich("", "SAN JOSE, Calif., Oct. 2 (Reuters) - Apple said.").dateline.unwrap();
    let p = d.place.unwrap();
    assert_eq!((p.name.as_str(), p.region.as_deref()), ("San Jose", Some("California")));

    let d = enrich("", "PARIS, 3 mars (AFP) - Le gouvernement a dit.").dateline.unwrap();
    assert_eq!(d.place.unwrap().country.as_deref(), Some("France"));
    assert_eq!(d.agency.as_deref(), Some("AFP"));

    let d = enrich("", "Busan: The city council met.").dateline.unwrap();
    assert_eq!(d.place.unwrap().name, "Busan");
    let d = enrich("", "New Delhi: India's cabinet met.").dateline.unwrap();
    assert_eq!(d.place.unwrap().name, "New Delhi");
}

#[test]
fn colon_style_needs_a_known_place() {
    assert!(enrich("", "Updated: 10 minutes ago. Police said.").dateline.is_none());
    assert!(enrich("", "Photo: A crowd gathers.").dateline.is_none());
    assert!(enrich("", "Analysis: Why rates rise").dateline.is_none());
    assert!(enrich("", "BREAKING — Something happened.").dateline.is_none());
}

// ---- places ----------------------------------------------------------------------------------

#[test]
fn places_in_order_with_hierarchy() {
    let a = enrich(
        "Leaders meet in Busan",
        "Officials from South Korea and the Soviet Union met in NEW YORK and later in Seoul.",
    );
    assert_eq!(place_names(&a), ["Busan", "South Korea", "Soviet Union", "New York City", "Seoul"]);
    let ny = &a.places[3];
    assert_eq!(
        (ny.kind, ny.region.as_deref(), ny.country.as_deref()),
        (PlaceKind::City, Some("New York"), Some("United States"))
    );
    let su = &a.places[2];
    assert_eq!((su.kind, su.country.as_deref()), (PlaceKind::Country, Some("Soviet Union")));
    assert_eq!(a.countries(), ["South Korea", "Soviet Union", "United States"]);
}

#[test]
fn place_aliases_resolve_to_canonical_names() {
    let a = enrich("", "Britain and the U.S. spoke with officials in Pusan and Peking.");
    assert_eq!(place_names(&a), ["United Kingdom", "United States", "Busan", "Beijing"]);
    assert_eq!(mentions_of(&a, EntityKind::Place)[0], ("Britain", "United Kingdom"));
}

#[test]
fn demonyms_link_countries_and_titles_are_stripped() {
    let a = enrich("", "Chinese President Xi Jinping met South Korean President Lee Jae-myung.");
    assert_eq!(place_names(&a), ["China", "South Korea"]);
    assert_eq!(a.people, ["Xi Jinping", "Lee Jae-myung"]);
    let people = mentions_of(&a, EntityKind::Person);
    assert_eq!(people, [("Xi Jinping", "Xi Jinping"), ("Lee Jae-myung", "Lee Jae-myung")]);
}

#[test]
fn demonyms_are_no_place_mentions() {
    let a = enrich("", "Chinese officials and South Korean diplomats met Australians in Australia.");
    // Every demonym still links its country...
    assert_eq!(place_names(&a), ["China", "South Korea", "Australia"]);
    // ...but only the country's own name is a place mention.
    assert_eq!(mentions_of(&a, EntityKind::Place), [("Australia", "Australia")]);
}

#[test]
fn one_name_per_paragraph_is_one_mention_each() {
    let a = enrich("", "Noam Chomsky\n\nNoam Chomsky spoke at length.");
    let people = mentions_of(&a, EntityKind::Person);
    assert_eq!(people, [("Noam Chomsky", "Noam Chomsky"), ("Noam Chomsky", "Noam Chomsky")]);
}

#[test]
fn occupations_are_titles_and_churches_magazines_organisations() {
    let a = enrich("", "Biologist Nick Bos and the astronaut Sunita Williams spoke to Forbes Magazine.");
    assert_eq!(a.people, ["Nick Bos", "Sunita Williams"]);
    assert_eq!(a.organizations, ["Forbes Magazine"]);
    let a = enrich("", "Comedian Dana Velt will host the gala; the writer Ilan Moss read a story.");
    assert_eq!(a.people, ["Dana Velt", "Ilan Moss"]);
    let a = enrich("", "Members of the Church of Scientology met reporters.");
    assert_eq!(
        mentions_of(&a, EntityKind::Organization),
        [("Church of Scientology", "Church of Scientology")]
    );
}

#[test]
fn a_credits_label_is_no_name_and_ends_a_caption() {
    let a = enrich(
        "Expo",
        "Visitors in costume filled the halls on Friday. A girl dressed as Dorothy Image: Tom \
         Brandt. Rows of stalls sold comics. Image: Tom Brandt.",
    );
    assert!(a.mentions.iter().all(|m| !m.text.contains("Image")), "{:?}", a.mentions);
    assert!(a.people.contains(&"Tom Brandt".to_string()), "{:?}", a.people);
}

#[test]
fn a_wire_ticker_is_its_firm_and_no_name_alone_nor_the_sign_off() {
    let a = enrich(
        "",
        "Halvard Mining Corp <HVM> said it raised output, and shares of <QRT> and <ZXB.L> were \
         unchanged. REUTER...",
    );
    assert_eq!(a.organizations, ["Halvard Mining"]);
    let ticker = a.mentions.iter().find(|m| m.text == "HVM").map(|m| m.canonical.as_str());
    assert_eq!(ticker, Some("Halvard Mining"));
}

#[test]
fn an_adjective_title_before_a_common_noun_is_no_title() {
    let a = enrich(
        "",
        "Labour will win the General Election, said General Nolan Reyes. Leeds lead the Premier \
         League, and Premier Ruth Okonjo agreed.",
    );
    assert_eq!(a.people, ["Nolan Reyes", "Ruth Okonjo"]);
}

#[test]
fn initials_start_a_name_unless_a_firm_or_a_unit_follows() {
    let a = enrich(
        "",
        "The trial of O.J. Simpson ended, and NASA Administrator Carla Venn said T.S. Marlowe \
         would speak. E.F. Hutton said the notes were priced in H.K. Dlrs.",
    );
    assert_eq!(a.people, ["O.J. Simpson", "Carla Venn", "T.S. Marlowe"]);
    assert!(a.organizations.contains(&"E.F. Hutton".to_string()), "{:?}", a.organizations);
}

#[test]
fn agencies_named_for_their_country_and_weeklies_are_organisations() {
    let a = enrich(
        "",
        "Statistics Canada said prices rose in May, and the Harbour City Weekly reported that \
         Environment Minister Ana Pell would answer.",
    );
    assert_eq!(a.organizations, ["Statistics Canada", "Harbour City Weekly"]);
    assert_eq!(a.people, ["Ana Pell"]);
    let a = enrich("", "The story ran in Marlow Weekly on Friday. The Dunmore Chronicle said little.");
    assert_eq!(a.organizations, ["Marlow Weekly", "Dunmore Chronicle"]);
    assert!(a.people.is_empty(), "{:?}", a.people);
}

#[test]
fn a_name_ending_in_news_is_a_news_outlet() {
    let a = enrich("", "Wikinews spoke to the organisers. Euronews said the talks had failed.");
    assert_eq!(a.organizations, ["Wikinews", "Euronews"]);
    assert!(a.people.is_empty(), "{:?}", a.people);
}

#[test]
fn a_run_ending_in_a_title_is_no_person_by_the_rules() {
    // The rule is the recogniser's: read with the rules alone (the tagger may still name such
    // a run, as it does this sentence).
    let rules = Extractor::with_tagger(None, super::TaggerPolicy::Off);
    let read = |body: &str| {
        let mut a = Article { body: body.into(), ..Default::default() };
        rules.enrich(&mut a);
        a
    };
    let a = read("Which previous Virginia Governor do you admire? Virginia has many voters.");
    assert!(a.people.is_empty(), "{:?}", a.people);
    assert_eq!(place_names(&a), ["Virginia"]);
    // A surname-like title still ends a name.
    let a = read("Ben Singer said the album was finished.");
    assert_eq!(a.people, ["Ben Singer"]);
}

#[test]
fn georgia_is_the_country_unless_the_article_says_state() {
    let a = enrich("", "Georgia's parliament met in Tbilisi.");
    assert_eq!(a.places[0].kind, PlaceKind::Country);
    let a = enrich("", "Voters in Atlanta lined up. Georgia has 16 electoral votes.");
    let ga = a.places.iter().find(|p| p.name == "Georgia").unwrap();
    assert_eq!((ga.kind, ga.country.as_deref()), (PlaceKind::Region, Some("United States")));
    let a = enrich("", "Officials in the U.S. state of Georgia said so.");
    let ga = a.places.iter().find(|p| p.name == "Georgia").unwrap();
    assert_eq!(ga.kind, PlaceKind::Region);
}

#[test]
fn meta_place_is_the_place_without_a_dateline() {
    let mut a = Article {
        body: "Prices rose.".into(),
        meta_place: Some("Seoul, South Korea".into()),
        ..Default::default()
    };
    Extractor::global().enrich(&mut a);
    assert_eq!(a.place.unwrap().name, "Seoul");
}

#[test]
fn weak_place_names_need_a_preposition() {
    let a = enrich("", "Nice work, he said. Police arrived. The festival in Nice opened.");
    assert_eq!(place_names(&a), ["Nice"]);
    assert_eq!(a.mentions.iter().filter(|m| m.kind == EntityKind::Place).count(), 1);
}

#[test]
fn a_small_town_named_like_a_first_name_far_from_the_story_is_no_place() {
    let a = enrich(
        "Trial opens",
        "Daniel Okafor, 41, and his wife Ruth Okafor, 38, from Perth, Australia, are on trial over the \
         death of their infant daughter, Gloria. Gloria fell ill at four months old. Doctors said \
         Gloria's condition could have been treated.",
    );
    assert_eq!(place_names(&a), ["Perth", "Australia"], "not Glória in Brazil");
    assert_eq!(a.countries(), ["Australia"]);
    // Located, or opening a longer name, the town stays.
    let b = enrich("", "Delegates met at Geneva on Monday, before the Venice Film Festival opened.");
    assert_eq!(place_names(&b), ["Geneva", "Venice"]);
    let c = enrich("", "Their coach, Nancy, led the squad on Tuesday. Nancy later met the pupils.");
    assert!(c.places.is_empty(), "not Nancy in France: {:?}", place_names(&c));
    // So is one the story uses as a person's name, with a possessive or a verb of saying.
    let d = enrich("", "Take Obama, for instance. Obama's national security adviser is on record.");
    assert!(d.places.is_empty(), "not Obama in Japan: {:?}", place_names(&d));
}

#[test]
fn a_continent_an_ordinary_word_or_a_short_code_is_no_place() {
    let a = enrich("", "Shares fell across Asia on Monday as investors sold.");
    assert!(a.countries().is_empty(), "not Asia in the Philippines: {:?}", a.countries());
    // "Free" is no Free State, "Olympic" no town of Hong Kong, "COS" (companies) no Jos in
    // Nigeria (a three-letter other name of it), "the Midlands" no province of Zimbabwe.
    let a = enrich(
        "HALVARD COS INC <HVD> YEAR NET",
        "Free tickets for the Olympic Games went fast in the Midlands, officials said.",
    );
    assert!(a.places.is_empty(), "{:?}", place_names(&a));
    // Nor is a saint's word cut from a longer name ("San" of "San Francisco-based"), a
    // wire's ticker ("<BOR>": no Bor in Serbia), or "Sens." (senators: no Sens in France).
    let a = enrich(
        "",
        "The San Francisco-based lab bid for Halvard Corp's <BOR> unit, and Sens. Ana Pell and \
         Tom Reyes agreed.",
    );
    assert!(a.places.is_empty(), "{:?}", place_names(&a));
    // A city's well-known short name is written by hand: "Rio" is Rio de Janeiro.
    let a = enrich("", "Carnival crowds filled the streets in Rio on Sunday.");
    assert_eq!(place_names(&a), ["Rio de Janeiro"]);
    assert_eq!(a.countries(), ["Brazil"]);
}

// ---- people and organisations ----------------------------------------------------------------

#[test]
fn titles_first_names_and_speech() {
    let a = enrich(
        "",
        "President Donald Trump spoke. Prime Minister Boris Johnson of Britain agreed. \
         Later, chief executive Tim Cook arrived and Maria Gonzalez said she was pleased.",
    );
    assert_eq!(a.people, ["Donald Trump", "Boris Johnson", "Tim Cook", "Maria Gonzalez"]);
    assert_eq!(place_names(&a), ["United Kingdom"]);
}

#[test]
fn organisation_rules() {
    let a = enrich(
        "",
        "Samsung Electronics and Hanil Steel Corp. signed a deal with the Bank of Korea, \
         the Ministry of Finance and the Korea Development Bank.",
    );
    assert_eq!(
        a.organizations,
        [
            "Samsung Electronics",
            "Hanil Steel",
            "Bank of Korea",
            "Ministry of Finance",
            "Korea Development Bank"
        ]
    );
    assert!(a.people.is_empty(), "{:?}", a.people);

    // Head words of organisations named in the article, and listed short forms.
    let a = enrich("", "Hanil Steel Corp. raised prices. Hanil said demand was strong. Samsung agreed.");
    let orgs = mentions_of(&a, EntityKind::Organization);
    assert_eq!(
        orgs,
        [("Hanil Steel Corp.", "Hanil Steel"), ("Hanil", "Hanil Steel"), ("Samsung", "Samsung Electronics")]
    );
    assert_eq!(a.organizations, ["Hanil Steel", "Samsung Electronics"]);

    // A designator with a period ends the name; a listed name with its designator is listed.
    let a = enrich("", "The rating of Hanil Steel Corp. Standard and Poor's Corp said on Tuesday was cut.");
    assert_eq!(a.organizations, ["Hanil Steel", "Standard & Poor's"]);
    // Initials that read like a designator ("A.G.", "S.A.") do not end a name.
    let a = enrich("", "Shares of A.G. Edwards and Sons Inc rose after William K.K. Wong said so.");
    assert_eq!(a.organizations, ["A.G. Edwards"], "its listed name");
    assert_eq!(a.people, ["William K.K. Wong"]);

    // Partners' names joined by commas are one firm, named without the commas; a listed firm
    // keeps its listed name, and the mention after its designator's period is another one.
    let a = enrich(
        "",
        "The offering was managed by Kidder, Peabody and Co and Johnson, Lane, Space, Smith and Co \
         Inc. It was sold through Goldman, Sachs and Co. Goldman said it was pleased.",
    );
    assert_eq!(a.organizations, ["Goldman Sachs", "Kidder Peabody", "Johnson Lane Space Smith"]);
    assert!(a.places.is_empty() && a.people.is_empty(), "{:?} {:?}", a.places, a.people);
    let orgs = mentions_of(&a, EntityKind::Organization);
    assert_eq!(orgs[2..], [("Goldman, Sachs and Co.", "Goldman Sachs"), ("Goldman", "Goldman Sachs")]);
    // Both halves of a listed name written with a slash are the listed organisation.
    let a = enrich("", "Royal Dutch/Shell Group said profits rose, and KLM Royal Dutch Airlines agreed.");
    assert_eq!(a.organizations, ["Royal Dutch Shell", "KLM Royal Dutch Airlines"]);
    assert!(a.people.is_empty(), "{:?}", a.people);
    // Not a person's names before the comma; a sentence's first word is no partner.
    let a = enrich(
        "",
        "Yesterday, Eli Lilly and Co said sales rose, said Timothy Pettee, Bear Stearns and Co analyst.",
    );
    assert_eq!(a.organizations[0], "Eli Lilly");
    assert!(
        !a.organizations.iter().any(|o| o.contains("Yesterday") || o.contains("Pettee")),
        "{:?}",
        a.organizations
    );
    assert_eq!(a.people, ["Timothy Pettee"]);
}

#[test]
fn acronym_defined_in_the_article() {
    let a = enrich(
        "",
        "The Korea Exchange Monitoring Agency (KEMA) issued a warning. Later, KEMA said prices would fall.",
    );
    assert_eq!(a.organizations, ["Korea Exchange Monitoring Agency"]);
    let orgs = mentions_of(&a, EntityKind::Organization);
    assert_eq!(orgs.len(), 3);
    assert!(orgs.iter().all(|(_, c)| *c == "Korea Exchange Monitoring Agency"));
    assert_eq!(orgs[2].0, "KEMA");

    let a = enrich(
        "",
        "The Organisation for Economic Co-operation and Development (OECD) cut its forecast. \
         Analysts said the OECD was right.",
    );
    assert_eq!(a.organizations, ["Organisation for Economic Co-operation and Development"]);
    let orgs = mentions_of(&a, EntityKind::Organization);
    assert_eq!(orgs.last(), Some(&("OECD", "Organisation for Economic Co-operation and Development")));
}

#[test]
fn short_words_are_read_as_written() {
    // GeoNames lists "Usi" for Wuxi, "Irna" for Salerno and "Ipo" for Ipoh.
    let a = enrich(
        "",
        "Polaroids were donated to USI by the foundation. USI's art gallery opened on Thursday. \
         The state news agency IRNA said the IPO was delayed.",
    );
    assert!(a.places.is_empty(), "{:?}", place_names(&a));
    let orgs = mentions_of(&a, EntityKind::Organization);
    assert!(["USI", "IRNA"].iter().all(|w| orgs.iter().any(|(t, _)| t == w)), "{orgs:?}");
    let a = enrich("", "Who else is involved? Officials said the WHO was worried.");
    assert_eq!(mentions_of(&a, EntityKind::Organization), [("WHO", "World Health Organization")]);
    let a = enrich("", "Google said the demand for the IPO was impressive. The IPO raised $1bn.");
    assert!(a.places.is_empty() && a.organizations == ["Google"], "{:?} {:?}", a.places, a.organizations);
    // Countries, regions, a place's own name or its initials, and longer words stay places.
    let a = enrich("", "Officials from the UK, the UAE and NYC met in ROME; PEKING and BOMBAY sent envoys.");
    assert_eq!(
        place_names(&a),
        ["United Kingdom", "United Arab Emirates", "New York City", "Rome", "Beijing", "Mumbai"]
    );
}

#[test]
fn titles_alone_and_common_words_opening_sentences_are_no_names() {
    // The tagger reads "Mr" as a person of its own; the rules have the name after it.
    let a = enrich(
        "",
        "On Friday, Federal Reserve chairman Mr Greenspan's speech in London was watched. \
         Mr Greenspan said rates would rise.",
    );
    assert_eq!(a.people, ["Greenspan"]);
    // "Analysts" opening a sentence is the word the article also writes in lowercase.
    let a = enrich(
        "",
        "Analysts said the central bank would cut rates. Dealers said the dollar fell. \
         Most analysts and dealers expect a cut next month.",
    );
    let names: Vec<&str> = a.mentions.iter().map(|m| m.text.as_str()).collect();
    assert!(!names.iter().any(|n| ["Analysts", "Dealers"].contains(n)), "{names:?}");
    // Nor the labels of an earnings table.
    let a = enrich(
        "",
        "TOTOWA, N.J., March 26 - Shr 51 cts vs 75 cts\n    Net 5,524,000 vs 8,094,000\n    \
         Revs 142.4 mln vs 137.2 mln\n    Sales 12.2 mln vs 11 mln\n",
    );
    assert!(a.people.is_empty() && a.organizations.is_empty(), "{:?} {:?}", a.people, a.organizations);
    // Wire abbreviations, where no sentence starts for the tokenizer.
    let a = enrich(
        "NORTHWIND SYSTEMS INC <NWS> 2ND QTR JUNE 30",
        "HARTFORD, Conn., March 26 - Shr loss 31 cts vs loss four cts\n    Net loss 402,118 vs loss \
         60,225\n    Revs 2,911,400 vs 3,250,010\n    Six mths\n    Shr loss 48 cts vs loss 12 cts\n    \
         Net loss 820,931 vs loss 199,850\n    Revs 6.2 mln vs 7.0 mln\n    NOTE: Prior year net \
         includes losses from closed units of\n45,000 dlrs in quarter and 90,000 dlrs in six mths.\n",
    );
    assert!(a.people.is_empty() && a.organizations.is_empty(), "{:?} {:?}", a.people, a.organizations);
    // Words that news writes in lowercase, capitalised here only where a sentence opens, even
    // when this article never writes them in lowercase.
    let a = enrich(
        "AMERICAN WIDGET <AWG> 3RD QTR NET",
        "TULSA, Okla., March 26 - Period ended Feb 28\n    Shr profit five cts vs profit four cts\n    \
         Net profit 191,000 vs profit 108,000\n    Sales 6,561,000 vs 5,896,000\n    Nine mths\n    \
         Shr loss 28 cts vs loss 40 cts\n    Net loss 871,000 vs loss 990,000\n    NOTE: Full name \
         is American Widget Products Inc\n",
    );
    let names: Vec<&String> = a.people.iter().chain(&a.organizations).collect();
    assert!(names.contains(&&"American Widget Products".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| *n == "Net"), "{names:?}");
    let a = enrich(
        "",
        "The bank cut its forecast on Monday. Analysts said the cut was expected. Critics of the \
         bank disagreed. Economists expect growth of two percent.",
    );
    assert!(a.people.is_empty() && a.organizations.is_empty(), "{:?} {:?}", a.people, a.organizations);
}

#[test]
fn designators_contractions_and_titles_alone_are_listed_as_no_name() {
    // "J.P. Morgan and Co Inc" is read as two names; the second is a designator alone.
    let a = enrich("", "Buyers of Bankers Trust New York Corp and J.P. Morgan and Co Inc were few.");
    assert!(
        !a.organizations.iter().any(|o| o == "Co") && !a.organizations.is_empty(),
        "{:?}",
        a.organizations
    );
    let a =
        enrich("", "The star said: \"Making this film was the most fun I've ever had in my entire life.\"");
    assert!(a.people.is_empty() && a.organizations.is_empty(), "{:?} {:?}", a.people, a.organizations);
    // A title alone refers to someone (a mention) but names no one (no listed person).
    let a = enrich(
        "",
        "The deal would be ready next Thursday. Argentina's President, Nestor Kirchner, said on \
         Friday that the President would sign.",
    );
    assert_eq!(a.people, ["Nestor Kirchner"]);
    assert!(mentions_of(&a, EntityKind::Person).iter().any(|(t, _)| *t == "President"), "{:?}", a.mentions);
    // The plural of a common noun is no person; a titled surname that looks like one is.
    let a = enrich("", "Foreign Secretary Jack Straw told the Commons on Tuesday that the deal was done.");
    assert_eq!(a.people, ["Jack Straw"]);
    let a = enrich(
        "",
        "The committee wants more power to choose what it investigated, the MPs said. The call \
         was made in a report on Tuesday.",
    );
    assert!(a.people.is_empty(), "the plural of an acronym: {:?}", a.people);
    let a = enrich("", "Visitors crowded the Apple store after Mr Jobs' speech. Jobs said more was coming.");
    assert!(a.people.iter().any(|p| p == "Jobs"), "{:?}", a.people);
}

#[test]
fn a_one_word_name_only_ever_after_the_is_no_person() {
    for body in [
        "Tehran said its big offensive against Iraq in the Gulf war had ended, officials said.",
        "Coverage of the Premiership may be near saturation, the chairman said. Clubs in the \
         Premiership earn more than ever.",
        "The Harris poll, taken for a breakfast show, put the Tories ahead by eight points.",
    ] {
        let a = enrich("", body);
        assert!(a.people.is_empty(), "{body}: {:?}", a.people);
    }
    // A person's government or household, a title, or one mention without "the" keeps them.
    let a = enrich("", "The case was filed by the Clinton administration in 1999, lawyers said.");
    assert_eq!(a.people, ["Clinton"]);
    let a = enrich("", "Gorbachev arrived on Monday. Critics of the Gorbachev reforms stayed away.");
    assert_eq!(a.people, ["Gorbachev"]);
}

#[test]
fn an_organisation_keyword_alone_is_the_one_named_in_full_or_no_name() {
    let a = enrich(
        "",
        "The European Commission wrote to the two firms on Monday. The Commission said roaming \
         charges were too high.",
    );
    assert_eq!(a.organizations, ["European Commission"]);
    assert!(
        mentions_of(&a, EntityKind::Organization).contains(&("Commission", "European Commission")),
        "{:?}",
        a.mentions
    );
    // No organisation with that head in the story: a mention, no name to list.
    let a = enrich("", "Officials said the Fund would send a mission to Lima next month.");
    assert!(a.organizations.is_empty(), "{:?}", a.organizations);
    // A keyword that names one body alone is left as it is.
    let a = enrich("", "Pearson's Financial Times cut jobs. The Times said its sales rose on Monday.");
    assert!(a.organizations.iter().any(|o| o == "Times"), "{:?}", a.organizations);
}

#[test]
fn credit_grades_in_a_story_about_ratings_are_no_organisations() {
    let a = enrich(
        "",
        "Standard and Poor's Corp said it cut to BBB from AA the senior debt of Acme Holdings Inc. \
         The rating agency affirmed the AAA rating of its unit.",
    );
    assert!(
        a.organizations.iter().all(|o| !matches!(o.as_str(), "BBB" | "AA" | "AAA")),
        "{:?}",
        a.organizations
    );
    assert!(a.organizations.iter().any(|o| o == "Acme Holdings"), "{:?}", a.organizations);
    // Without ratings in the story, the acronym is read as before.
    let a = enrich("", "The AAA chose Sheffield for its indoor championships, officials said.");
    assert!(a.organizations.iter().any(|o| o == "AAA"), "{:?}", a.organizations);
}

#[test]
fn firms_named_like_people_and_places() {
    let read = |body: &str| {
        let a = enrich("", body);
        (a.people, a.organizations, a.places.into_iter().map(|p| p.name).collect::<Vec<_>>())
    };
    // Words that end a firm's name, not a person's.
    let (people, orgs, _) =
        read("Profits dipped at Warner Bros, and dealers named Morgan Stanley International.");
    assert!(people.is_empty(), "{people:?}");
    assert!(orgs.iter().any(|o| o == "Warner Bros"), "{orgs:?}");
    // Brokers named after their founders are listed as firms.
    let (people, orgs, _) = read("Dean Witter analyst Ann Lee said so, and James Capel agreed.");
    assert_eq!(
        (people, orgs),
        (vec!["Ann Lee".to_string()], vec!["Dean Witter Reynolds".to_string(), "James Capel".to_string()])
    );
    // A name ending with a country's, said to speak, is no person.
    let (people, _, _) = read("Oil imports rose 25.2 pct in January, Statistics Canada said.");
    assert!(people.is_empty(), "{people:?}");
    // A designator's complement: an American legal name, or where the firm is.
    let (people, orgs, _) = read(
        "Morgan Guaranty Trust Co of New York is arranging the loan. Morgan Guaranty said the terms \
         were fair.",
    );
    assert!(people.is_empty(), "{people:?}");
    assert_eq!(orgs, ["Morgan Guaranty Trust Co of New York"]);
    let (_, orgs, places) = read("Gunze Sangyo Inc of Tokyo said sales rose in the year to March.");
    assert_eq!((orgs, places), (vec!["Gunze Sangyo".to_string()], vec!["Tokyo".to_string()]));
}

#[test]
fn table_labels_designators_months_and_letters_name_no_one() {
    // A table's labels read as a person by the rules (the tagger's lone common word is dropped
    // before: `resolver`), whatever the model makes of them.
    let labels = |text: &str| {
        use super::recognizer::{NONE, Part, Raw, RawKind, body_candidates};
        let ex = Extractor::global();
        let (toks, words, mut raws) = body_candidates(text);
        for &w in words.iter().filter(|&&w| toks.norm(w) == "net") {
            raws.retain(|r| !(r.toks.0 <= w && w < r.toks.1));
            let t = &toks.toks[w];
            raws.push(Raw {
                part: Part::Body,
                toks: (w, w + 1),
                span: (t.start, t.end),
                kind: RawKind::Person,
                flags: 0,
                names: None,
                fixed: super::NO_PLACE,
                org: u32::MAX,
                name_end: w + 1,
                acronym_of: NONE,
            });
        }
        raws.sort_by_key(|r| r.toks);
        let empty = super::Tokens::new();
        let texts = super::Texts { title: ("", &empty), body: (text, &toks) };
        let resolved = super::resolve(&ex.lexicon, &ex.gazetteer, &texts, &raws, None);
        super::name_use::only_table_labels(&texts, &resolved, &raws, EntityKind::Person, "Net")
    };
    assert!(labels(
        "Shr nil vs three cts\n    Net 15,000 vs 120,000\n    Note: Net includes gains of 40,000\n"
    ));
    assert!(!labels(
        "Shr nil vs three cts\n    Net 15,000 vs 120,000\n    Net also rose on gains of 40,000\n"
    ));
    assert!(!labels("The firm said Net sales rose 12 pct in the quarter, to 15,000 dlrs vs 12,000.\n"));
    let (lex, gaz) = (&Extractor::global().lexicon, &Extractor::global().gazetteer);
    let name_use =
        |kind, name: &str| super::name_use::name_use(lex, kind, name, &super::token::phrase_key(name));
    let country_first =
        |name: &str| super::name_use::country_first(gaz, lex, name, &super::token::phrase_key(name));
    let no_name = |kind, name| name_use(kind, name) == super::NameUse::NoName;
    for name in ["Company", "Limited", "GmbH", "Aug", "Sep", "Wednesday", "P", "T."] {
        assert!(no_name(EntityKind::Organization, name) && no_name(EntityKind::Person, name), "{name}");
    }
    for name in ["SAS", "DEC", "May", "Acme"] {
        assert!(!no_name(EntityKind::Organization, name), "{name}");
    }
    // A "person" named as a prize or contest is none; one named as a firm is that firm.
    assert!(no_name(EntityKind::Person, "Davis Cup") && no_name(EntityKind::Person, "Brit Awards"));
    assert!(no_name(EntityKind::Person, "Winter Paralympics") && no_name(EntityKind::Person, "Olympics"));
    assert!(no_name(EntityKind::Person, "San Andreas") && !no_name(EntityKind::Person, "Sandra Day"));
    assert!(!no_name(EntityKind::Person, "Oliver North") && !no_name(EntityKind::Person, "John Tower"));
    for firm in ["Salomon Brothers", "Man Utd", "Christian Democrats", "Agriculture and Commerce Departments"]
    {
        assert_eq!(name_use(EntityKind::Person, firm), super::NameUse::Firm, "{firm}");
    }
    assert_eq!(name_use(EntityKind::Person, "Tony Banks"), super::NameUse::Name);
    assert!(no_name(EntityKind::Organization, "NA"));
    // A name that starts with a country's and has no first name is no one's.
    for name in ["U.K. Interest", "U.S. Officials"] {
        assert!(country_first(name), "{name}");
    }
    for person in ["Briton Clive Owen", "Jordan Bratman", "Paris Hilton", "Ivan Boesky"] {
        assert!(!country_first(person), "{person}");
    }
    // A month's abbreviation, a weekday or a letter read as a name.
    let a = enrich(
        "",
        "Exports rose, said the P. and T. office. Shipments are due Aug 3 and Sep 9, traders said.",
    );
    let names: Vec<&String> = a.people.iter().chain(&a.organizations).collect();
    assert!(names.iter().all(|n| !matches!(n.as_str(), "P." | "T." | "Aug" | "Sep")), "{names:?}");
}

#[test]
fn aliases_resolve_to_the_fullest_name() {
    let a = enrich(
        "Xi and Trump meet",
        "Chinese President Xi Jinping met U.S. President Donald Trump in Busan. Xi said talks were \
         good. Trump said Goldman Sachs and the U.N. agreed. Goldman declined to comment, and a \
         United Nations official said Mr. Trump was right.",
    );
    // Trump is named four times (title, full, "Trump said", "Mr. Trump"), Xi three times.
    assert_eq!(a.people[..2], ["Donald Trump", "Xi Jinping"]);
    assert_eq!(a.people.len(), 2, "{:?}", a.people);
    assert_eq!(a.organizations, ["Goldman Sachs", "United Nations"]);
    let people = mentions_of(&a, EntityKind::Person);
    assert!(people.contains(&("Xi", "Xi Jinping")));
    assert!(people.contains(&("Trump", "Donald Trump")));
    let orgs = mentions_of(&a, EntityKind::Organization);
    assert!(orgs.contains(&("Goldman", "Goldman Sachs")));
    assert!(orgs.contains(&("U.N.", "United Nations")));
    // Title mentions count but are not listed as mentions.
    assert!(a.mentions.iter().all(|m| a.body[m.start..].starts_with(&m.text)));
}

#[test]
fn shared_surname_is_not_merged() {
    let a = enrich("", "Lee Jae-myung met Lee Min-ji on Monday. Lee said the meeting was useful.");
    assert_eq!(a.people, ["Lee Jae-myung", "Lee Min-ji"]);
    let people = mentions_of(&a, EntityKind::Person);
    assert_eq!(people.len(), 3);
    assert_eq!(people[2], ("Lee", "Lee"), "an ambiguous surname keeps its surface form");
}

#[test]
fn place_word_of_a_person_with_evidence_is_the_person() {
    let a = enrich("", "Michael Jordan arrived in Amman, the capital of Jordan. Jordan said he was happy.");
    let people = mentions_of(&a, EntityKind::Person);
    assert_eq!(people, [("Michael Jordan", "Michael Jordan"), ("Jordan", "Michael Jordan")]);
    assert!(place_names(&a).contains(&"Jordan"));
    assert_eq!(a.people, ["Michael Jordan"]);
}

#[test]
fn mention_offsets_are_byte_offsets_in_the_body() {
    let a = enrich("", "Zürich bank UBS said Élodie Durand, a spokeswoman, met officials in São Paulo.");
    for m in &a.mentions {
        assert_eq!(&a.body[m.start..m.start + m.text.len()], m.text);
    }
    assert!(place_names(&a).contains(&"São Paulo"));
}

#[test]
fn all_caps_headline_gives_places_and_listed_orgs_only() {
    let a = enrich("JAPAN AND U.S. TRADE TALKS WITH IMF END", "Talks ended.");
    assert_eq!(place_names(&a), ["Japan", "United States"]);
    assert_eq!(a.organizations, ["International Monetary Fund"]);
    assert!(a.people.is_empty());
}

#[test]
fn enrich_is_idempotent() {
    let mut a = Article {
        title: "Xi visits Busan".into(),
        body: "BUSAN (Reuters) - Xi Jinping arrived.".into(),
        ..Default::default()
    };
    let x = Extractor::global();
    x.enrich(&mut a);
    let first = (a.places.clone(), a.people.clone(), a.mentions.clone());
    x.enrich(&mut a);
    assert_eq!(first, (a.places.clone(), a.people.clone(), a.mentions.clone()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn enrich_never_panics(title in "\\PC{0,80}", body in "\\PC{0,400}", source in "[a-z0-9/_.-]{0,30}") {
        let mut a = Article { title, body, source, ..Default::default() };
        Extractor::global().enrich(&mut a);
        for m in &a.mentions {
            prop_assert!(a.body.is_char_boundary(m.start));
            prop_assert_eq!(&a.body[m.start..m.start + m.text.len()], m.text.as_str());
        }
    }

    #[test]
    fn enrich_never_panics_on_newsy_text(
        body in "([A-Z][a-z]{0,8}|[A-Z]{2,5}|U\\.S\\.|al-[A-Z][a-z]+|of|the|and|said|\\(|\\)|,|\\.|-|—|:|'s|[0-9]{1,4}| |\n){0,60}"
    ) {
        let mut a = Article { title: body.clone(), body, ..Default::default() };
        Extractor::global().enrich(&mut a);
    }
}

#[test]
fn person_after_a_title_with_its_complement() {
    let a = enrich("", "Chancellor of the Exchequer Nigel Lawson said growth was strong.");
    assert_eq!(a.people, ["Nigel Lawson"]);
    let a = enrich("", "Secretary of Agriculture Richard Lyng will meet exporters.");
    assert_eq!(a.people, ["Richard Lyng"]);
}

#[test]
fn historic_country_reparents_its_cities() {
    let a = enrich("", "The Soviet Union said on Monday that Moscow would buy more grain.");
    assert!(a.countries().iter().all(|c| c != "Russia"), "{:?}", a.countries());
    assert!(a.countries().iter().any(|c| c == "Soviet Union"));
}

#[test]
fn bare_acronym_is_an_organisation() {
    let a = enrich("", "Prices were set at 18 dlrs, an OAPEC official said, while GDP grew.");
    assert_eq!(a.organizations, ["OAPEC"]);
}

#[test]
fn and_after_a_titled_name_joins_two_people() {
    let a = enrich(
        "",
        "WASHINGTON, April 7 - Treasury Secretary James Baker and Federal Reserve Board Chairman \
         Paul Volcker met officials. He talked with Federal Reserve chief Paul Volcker and \
         International Monetary Fund head Michel Camdessus.",
    );
    for name in ["James Baker", "Paul Volcker", "Michel Camdessus"] {
        assert!(a.people.iter().any(|p| p == name), "{name} in {:?}", a.people);
    }
    assert!(
        a.organizations.iter().all(|o| !o.contains("Baker") && !o.contains("Volcker")),
        "{:?}",
        a.organizations
    );
    // An organisation's own "and" still joins.
    let a = enrich("", "Officials of the Ministry of Trade and Industry said so.");
    assert!(a.organizations.iter().any(|o| o == "Ministry of Trade and Industry"), "{:?}", a.organizations);
}

#[test]
fn a_name_after_an_organisations_complement_is_a_person() {
    let a = enrich("", "The director of the Office of Management and Budget James Miller warned on Monday.");
    assert_eq!(a.people, ["James Miller"]);
    assert_eq!(a.organizations, ["Office of Management and Budget"]);
    // The complement alone is no person, and a place in it is not cut.
    let a = enrich("", "The notes are guaranteed by the Bank of Nova Scotia, the manager said.");
    assert!(a.people.is_empty(), "{:?}", a.people);
    assert_eq!(a.organizations, ["Bank of Nova Scotia"]);
    let a = enrich("", "A survey by the Federation of Hong Kong Industry found orders were up.");
    assert!(a.people.is_empty(), "{:?}", a.people);
    assert_eq!(a.organizations, ["Federation of Hong Kong Industry"]);
}

#[test]
fn a_town_right_after_a_title_is_a_surname() {
    // Obama (Fukui) and Jackson (Mississippi) are towns in the gazetteer; after a title they are
    // people, with the tagger and with the rules alone.
    let rules = Extractor::with_tagger(None, super::TaggerPolicy::Off);
    for extractor in [Extractor::global(), &rules] {
        let mut a = Article {
            // (Not "Reporters asked ...": a lone capitalised opener is a name to the tagger, an
            // organisation or a person depending on the model, which is not what this tests.)
            body: "They asked President Obama about the plan. Senator Jackson said nothing.".into(),
            ..Default::default()
        };
        extractor.enrich(&mut a);
        assert_eq!(a.people, ["Obama", "Jackson"]);
        assert!(place_names(&a).is_empty(), "{:?}", place_names(&a));
    }
    // A town the rest of a name follows is no surname alone: the rule leaves "Judge Eugene A.
    // Gordon" to the others, with the tagger and with the rules alone. (Whether the tagger then
    // reads the whole name depends on the model: of the models trained on four document orders,
    // with or without word clusters, one did.) And "miss" may be the verb.
    let text = "U.S. District Court Judge Eugene A. Gordon said he would rule soon.";
    for extractor in [Extractor::global(), &rules] {
        let mut a = Article { body: text.into(), ..Default::default() };
        extractor.enrich(&mut a);
        assert!(!a.people.iter().any(|p| p == "Eugene"), "{:?}", a.people);
    }
    let a = enrich("", "The injury forced him to miss Obama last year.");
    assert!(a.people.is_empty(), "{:?}", a.people);
}

#[test]
fn a_first_name_that_is_a_place_starts_a_name_its_surname_repeats() {
    // Vladimir (Russia) and Milan (Italy) are first names left out of the first-name list
    // because they are places; the surname alone later in the story makes the pair a person,
    // with the tagger and with the rules alone.
    let rules = Extractor::with_tagger(None, super::TaggerPolicy::Off);
    for extractor in [Extractor::global(), &rules] {
        let mut a = Article {
            body: "Vladimir Tarkov met the delegation in the morning. Later Tarkov said the talks \
                   went well, and Milan Verek agreed. Mr Verek left on Friday."
                .into(),
            ..Default::default()
        };
        extractor.enrich(&mut a);
        assert_eq!(a.people, ["Vladimir Tarkov", "Milan Verek"]);
        assert!(place_names(&a).is_empty(), "{:?}", place_names(&a));
    }
}

#[test]
fn a_place_then_a_word_it_repeats_is_no_person_without_a_surname() {
    // The second word recurs, but as an ordinary word, after a determiner or a possessive, or
    // as part of a longer name: the first word stays a place (the rules alone, which this rule
    // belongs to).
    let rules = Extractor::with_tagger(None, super::TaggerPolicy::Off);
    for body in [
        "Georgia Vantrex raised prices. Vantrex said vantrex demand fell.",
        "Shares rose in Paris Bourse trading. The Bourse closed early.",
        "The Sydney Opera House reopened. Crowds filled the Opera House again.",
        "China Daily reported that output rose. People's Daily agreed.",
    ] {
        let mut a = Article { body: body.into(), ..Default::default() };
        rules.enrich(&mut a);
        assert!(a.people.is_empty(), "{body}: {:?}", a.people);
        assert!(!place_names(&a).is_empty(), "{body}");
    }
}

#[test]
fn the_head_of_an_administration_is_a_person() {
    let a = enrich(
        "",
        "The Reagan administration said on Tuesday it would press Japan. Congress rejected the \
         Reagan administration's budget. Aides said the Obama presidency had ended, and the Bush \
         administration began.",
    );
    // "Bush", a word news writes in lowercase too, is a person there.
    assert_eq!(a.people, ["Reagan", "Obama", "Bush"], "{:?}", a.mentions);
    assert!(
        a.mentions
            .iter()
            .all(|m| m.kind == EntityKind::Person || ["Japan", "Congress"].contains(&m.text.as_str())),
        "{:?}",
        a.mentions
    );
    assert_eq!(a.organizations, ["U.S. Congress"]);
    // After any word, and with a capital A.
    let a = enrich(
        "",
        "They met senior Carter administration officials on Monday. A conservative Nixon administration \
         took office. The Ford Administration said nothing, and the Veterans Administration agreed.",
    );
    assert_eq!(a.people, ["Carter", "Nixon", "Ford"], "{:?}", a.mentions);
    assert_eq!(a.organizations, ["Veterans Administration"]);
    // A country, a demonym or an agency written in capitals is no one's.
    let a = enrich(
        "",
        "The French presidency of the council ends in June. The Food and Drug Administration and \
         the Georgia administration disagreed, and the Democratic administration and the G8 \
         presidency, officials said.",
    );
    assert!(a.people.is_empty(), "{:?}", a.people);
    // No one's name holds a digit, whoever reads one so.
    let a = enrich("", "Britain holds the G8 presidency this year, officials said.");
    assert!(a.people.is_empty(), "{:?}", a.people);
    assert_eq!(a.organizations, ["G8"]);
    let judge = |name: &str| {
        let key = super::token::phrase_key(name);
        super::name_use::name_use(&Extractor::global().lexicon, EntityKind::Person, name, &key)
    };
    assert_eq!(judge("G8"), super::name_use::NameUse::Firm);
    assert_eq!(judge("Volvo S40"), super::name_use::NameUse::NoName);
    assert_eq!(judge("Anna Berg"), super::name_use::NameUse::Name);
}

#[test]
fn an_apposition_describing_a_person_makes_the_name_a_person() {
    // "Zeltia" is no listed first name, and "Paris" a town: the apposition decides, and later
    // "Paris" is her, unless the text places it ("to Paris, France").
    let a = enrich(
        "",
        "Zeltia Paris, an Argentine woman of 40, sued the shipping line on Monday. Paris says she \
         was held on board for months. She later moved to Paris, France, with her son.",
    );
    assert_eq!(a.people, ["Zeltia Paris"], "{:?}", a.mentions);
    let places: Vec<_> = mentions_of(&a, EntityKind::Place);
    assert_eq!(places, [("Paris", "Paris"), ("France", "France")], "{:?}", a.mentions);
    // "in" places a name; a possessive after it does not ("outside Nagano's office").
    let a = enrich(
        "",
        "Kazuo Nagano, the chairman, was hurt. Reporters gathered outside Nagano's office. Ines \
         Lyon, a nurse, lives in Lyon.",
    );
    assert_eq!(a.people, ["Kazuo Nagano", "Ines Lyon"], "{:?}", a.mentions);
    assert_eq!(mentions_of(&a, EntityKind::Place), [("Lyon", "Lyon")], "{:?}", a.mentions);
    // Nor before another capitalised word: "in Munich Re" is no town.
    let a = enrich("", "Ella Munich, a student, sold shares. Shares in Munich Re fell on Monday.");
    assert!(a.places.is_empty(), "{:?}", a.mentions);
    // The rule is the recogniser's: read with the rules alone (the tagger, which reads the
    // same sentences, may name them as well). Describing words, then the noun.
    let rules = Extractor::with_tagger(None, super::TaggerPolicy::Off);
    let mut a = Article {
        body: "Zeltia Paris, an Argentine woman of 40, sued. Ysolde Marsh, a retired mother of two, \
               and Orrin Vale, a resident, spoke."
            .into(),
        ..Default::default()
    };
    rules.enrich(&mut a);
    assert_eq!(a.people, ["Zeltia Paris", "Ysolde Marsh", "Orrin Vale"], "{:?}", a.mentions);
}

#[test]
fn the_plural_of_a_capitalised_word_is_no_person() {
    let a = enrich(
        "",
        "The gallery bought a Polaroid camera in 1970. Polaroids show the artist at work. Curators \
         said Polaroids fade in sunlight.",
    );
    assert!(a.people.is_empty(), "{:?}", a.mentions);
    // A first name's plural is a surname; a titled one is a person.
    let a = enrich(
        "",
        "Prince William opened the wing on Monday. Williams said the club would stay. Mr Parkers \
         met the Parker Foundation.",
    );
    assert_eq!(a.people, ["William", "Williams", "Parkers"], "{:?}", a.mentions);
}

#[test]
fn new_and_people_open_organisation_names() {
    // "New" and "People" start no name alone ("New rules", "People said"), but they open a
    // party's or an army's name, and "People's" holds one together.
    let a = enrich(
        "",
        "The Swiss People's Party won. The New Democratic Party lost. The People's Liberation Army \
         moved. Leaders of the Pakistan People's Party met. Voters chose New People Party's Regina Ip.",
    );
    for org in [
        "Swiss People's Party",
        "New Democratic Party",
        "People's Liberation Army",
        "Pakistan People's Party",
        "New People Party",
    ] {
        assert!(a.organizations.iter().any(|o| o == org), "{org}: {:?}", a.organizations);
    }
    assert_eq!(a.people, ["Regina Ip"]);
    let a = enrich("", "New rules came in May. People said so. Reagan's Republican Party won.");
    assert_eq!(a.organizations, ["Republican Party"]);
}

#[test]
fn a_plural_possessive_holds_an_organisation_name_together() {
    // "Workers'" is the possessive of a plural written as a bare apostrophe: the name runs on
    // through it to its keyword, not from the keyword ("Party of Korea").
    let a = enrich(
        "",
        "North Korea's ruling Workers' Party of Korea met on Tuesday. The Farmers' Union of Wales \
         disagreed. The workers' pay rose.",
    );
    for org in ["Workers' Party of Korea", "Farmers' Union of Wales"] {
        assert!(a.organizations.iter().any(|o| o == org), "{org}: {:?}", a.organizations);
    }
    assert!(
        !a.organizations.iter().any(|o| o == "Party of Korea" || o == "Union of Wales"),
        "{:?}",
        a.organizations
    );
    // "General" before a collective noun is part of the name, not a general's title.
    let a = enrich("", "The Socialist Party's trade union arm, the General Workers' Union, said no.");
    assert!(a.organizations.iter().any(|o| o == "General Workers' Union"), "{:?}", a.organizations);
    assert!(a.people.is_empty(), "{:?}", a.people);
    // Not after a word that is no collective noun, nor before a name without a keyword.
    let a = enrich("", "The Smiths' Party Palace opened. The Workers' Paradise was a slogan.");
    assert!(!a.organizations.iter().any(|o| o.contains('\'')), "{:?}", a.organizations);
}

#[test]
fn common_term_acronyms_are_no_organisations() {
    let a = enrich("", "Guests with VIP passes took an IQ test, and the SUV had GPS.");
    assert!(a.organizations.is_empty(), "{:?}", a.organizations);
}

#[test]
fn washington_reading_split_and_mobile_by_context() {
    // Washington: the capital in a dateline, the state when the text says so.
    let a = enrich("", "WASHINGTON, March 3 (Reuters) - Officials met.");
    let d = a.place.expect("dateline place");
    assert_eq!((d.name.as_str(), d.region.as_deref()), ("Washington", Some("District of Columbia")));
    let a = enrich("", "Officials in Seattle, Washington state said so.");
    let wa = a.places.iter().find(|p| p.name == "Washington").expect("the state");
    assert_eq!(wa.kind, PlaceKind::Region);
    // Reading: a word opening a sentence, a town after "to".
    assert!(enrich("", "Reading is good for children, teachers said.").places.is_empty());
    let a = enrich("", "The fans travelled to Reading for the match.");
    assert_eq!(a.places[0].country.as_deref(), Some("United Kingdom"));
    // Split and Mobile, ordinary words naming mid-sized towns: places only with a qualifier.
    for text in ["Split decisions are common in boxing.", "Mobile phone sales rose in March, said Bush."] {
        let a = enrich("", text);
        assert!(a.places.is_empty(), "{text}: {:?}", place_names(&a));
    }
    let a = enrich("", "SPLIT, Croatia, May 2 (Reuters) - Fans cheered.");
    assert_eq!(a.place.map(|p| p.country), Some(Some("Croatia".to_string())));
    let a = enrich("", "A storm hit Mobile, Alabama, on Monday.");
    assert_eq!(place_names(&a), ["Mobile", "Alabama"]);
}
