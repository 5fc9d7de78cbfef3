#!/usr/bin/env python3
"""Compile the data files that dateline embeds in its binary (python3, standard library only).

    python3 tools/build_gazetteer.py [--src ../shared/data/gazetteers] [--out data]

Reads
  * GeoNames (CC-BY 4.0, "GeoNames, geonames.org"): geonames/cities15000.json, countries.json,
    admin1.json;
  * US Census 1990 name lists (public domain): names/dist.male.first, dist.female.first (first
    names), dist.all.last (the most common surnames make small towns' names weak);
  * the hand-written lists committed in data/: place_aliases.tsv (other names, historic countries,
    US state abbreviations), demonyms.tsv, stop_words.txt, common_words.txt, titles.txt.
See data/README.md for every file's source and licence.

Writes (gzip with a fixed timestamp, so a rebuild from the same inputs is byte-identical)
  * data/gazetteer.tsv.gz: places and the names that point at them;
  * data/first_names.txt.gz: first names, one per line, most common first.

gazetteer.tsv format, UTF-8, tab-separated, '#' lines are comments:
  P <kind> <name> <region> <country> <population>
      one line per place; the places are numbered from 0 in file order. kind is C (country,
      historic ones included), R (first-level region) or T (city or town). region and country
      are the numbers of the containing places, or '-'. A country's country is itself.
  A <key> <flags> <id,id,...>
      a name as a lookup key (see key_of) and the places it may mean, best first. flags is '-'
      or a combination of 'w' (weak: an ordinary word or common surname, trusted only after "in",
      "at"... or before a qualifier), 'q' (qualifier only: "Calif." after a city, never a
      mention of its own) and 'x' (qualified only: an ordinary word naming a town of 100,000 to
      250,000 people, a place only before a qualifier, "Mobile, Ala.").

The order of the candidates encodes the default reading of an ambiguous name: a country beats
anything else ("Georgia", "Mexico"), a '!' name in place_aliases.tsv comes next ("Washington" is
the capital), then a city inside a region of the same name beats that region ("Busan", "New
York"), then the larger place (regions count half the people of their cities), and a place's
own name beats another place's alternate name unless that place is 50 times larger.
"""

import argparse
import collections
import gzip
import io
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Cities smaller than this keep only their own name: other names of small towns are mostly
# transliterations nobody writes in English news, and they collide with real names.
ALT_NAMES_MIN_POPULATION = 100_000
# A single-word name that is an ordinary word is dropped for places smaller than this, and kept
# as a weak name for larger ones ("Nice").
WEAK_KEEP_MIN_POPULATION = 250_000
# Below that, down to this size, such a name is kept only before a qualifier ("Mobile, Ala.",
# "SPLIT, Croatia"): never a mention on its own, nor after "in" ("in Paradise").
QUALIFIED_KEEP_MIN_POPULATION = 100_000
# Places this large are never weak, even when their name is a word ("Shanghai", "Phoenix").
NEVER_WEAK_POPULATION = 1_000_000
# Names among the most common US surnames are weak when they only name smaller towns.
SURNAMES = 3000
MAX_KEY_TOKENS = 6
FIRST_NAMES_FEMALE = 3500  # the male list is short (1,219); take all of it

# Continents: no town's name. A story about "Asia" is not about Asia in the Philippines, and
# dateline resolves places to towns, regions and countries only.
CONTINENTS = {"africa", "americas", "asia", "australasia", "eurasia", "europe", "oceania"}

SAINT_WORDS = {"saint", "st", "sankt", "san", "santa", "santo", "sao", "são", "sainte", "ste"}
# Lowercase words allowed inside a multi-word place name.
CONNECTORS = {
    "de", "del", "della", "dei", "di", "da", "do", "dos", "das", "du", "des", "la", "le", "les",
    "el", "al", "of", "the", "and", "on", "upon", "am", "an", "der", "den", "im", "sur", "en",
    "y", "von", "van", "ter", "sul", "bei", "au", "aux", "sous",
}
# First-level region names that are only a compass point or a generic word.
GENERIC_REGION = re.compile(
    r"^(north|south|east|west|central|northern|southern|eastern|western|centre|center|capital|"
    r"upper|lower|middle|north[- ]east|north[- ]west|south[- ]east|south[- ]west|"
    r"northeastern|northwestern|southeastern|southwestern|coast|coastal|islands?|lakes|"
    r"interior|highlands|plateau|littoral|border|federal district)"
    r"( (province|region|district|division|department|governorate|state|area|zone|parish))?$"
)
REGION_SUFFIXES = (" Province", " Region", " Prefecture", " Governorate", " Oblast", " District",
                   " Department", " Voivodeship", " County", " State", " Division", " Territory")
# Entries of the propernames list that are words or nicknames rather than first names.
PROPERNAMES_NOT_NAMES = {
    "amigo", "barrio", "capability", "case", "charity", "chastity", "deadly", "endeavour",
    "fuzzy", "leads", "list", "malus", "ninja", "novo", "old", "panacea", "panzer", "part",
    "pilot", "plastic", "purity", "real", "revised", "rodent", "rogue", "root", "sanity",
    "shadow", "shatter", "space", "spy", "stagger", "think", "those", "tolerant", "trying",
    "vice", "tuna", "tiger", "tigger", "spudboy", "skeeter", "scooter", "spock", "starbuck",
    "slartibartfast", "zaphod", "malaclypse", "mongo", "santa", "hon", "no", "per", "son",
    "tip", "win", "job", "gates", "judge", "lord", "major", "sergeant", "sir", "king", "the",
}
COUNTRY_RENAMES = {"The Netherlands": "Netherlands", "Bonaire, Saint Eustatius and Saba ":
                   "Bonaire, Saint Eustatius and Saba"}

# Letters that NFKD does not decompose; the Rust side folds with deunicode, which agrees on these.
FOLD = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l",
        "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i",
        "’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "`": "'", "‐": "-", "‑": "-", "–": "-"}


def fold(text):
    """ASCII-fold like deunicode does for Latin letters; None when something non-Latin is left."""
    text = "".join(FOLD.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text if text.isascii() else None


def key_of(name):
    """The lookup key of a name, as src/extract/token.rs builds it from text: fold to ASCII,
    lowercase, drop periods ("U.S." -> "us", "St. Louis" -> "st louis"), one space between
    words."""
    folded = fold(name)
    if folded is None:
        return None
    # The possessive is its own token ("People's" -> "people 's"), as the tokeniser splits it.
    folded = re.sub(r"(?<=\w)'s\b", " 's", folded)
    tokens = []
    for raw in folded.split():
        tok = raw.replace(".", "").lower()
        if tok:
            tokens.append(tok)
    key = " ".join(tokens)
    # Anything else (commas, brackets) would be a separate token in text: such a key never matches.
    return key if key and KEY_OK.match(key) else None


KEY_OK = re.compile(r"^[a-z0-9'&\- ]+$")
NAME_OK = re.compile(r"^[A-Za-z][A-Za-z'\-. ]*[A-Za-z.]$")


def looks_like_name(name):
    """A Latin-script name as an English text would write it: capitalised words, known lowercase
    connectors, no digits or codes, at most MAX_KEY_TOKENS words."""
    folded = fold(name)
    if folded is None or not NAME_OK.match(folded) or len(folded) < 3:
        return False
    words = folded.split()
    if len(words) > MAX_KEY_TOKENS:
        return False
    if folded.replace(".", "").replace(" ", "").isupper():
        return False  # codes: "LON", "NYC", "HK" (wanted ones are hand-written)
    if not words[0][0].isupper():
        return False
    for w in words[1:]:
        if w[0].isupper():
            continue
        if w in CONNECTORS or w.startswith(("d'", "l'")):
            continue
        return False
    return True


def read_list(path):
    with open(path, encoding="utf-8") as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for ln in f:
            ln = ln.rstrip("\n")
            if not ln.strip() or ln.startswith("#"):
                continue
            rows.append(ln.split("\t"))
    return rows


class Place:
    __slots__ = ("idx", "kind", "name", "region", "country", "population", "cc", "admin1")

    def __init__(self, kind, name, population, cc, admin1=None):
        self.idx = None
        self.kind = kind
        self.name = name
        self.region = None
        self.country = None
        self.population = population
        self.cc = cc
        self.admin1 = admin1


def build(src, out):
    geo = os.path.join(src, "geonames")
    with open(os.path.join(geo, "countries.json"), encoding="utf-8") as f:
        countries_json = json.load(f)
    with open(os.path.join(geo, "admin1.json"), encoding="utf-8") as f:
        admin1_json = json.load(f)
    with open(os.path.join(geo, "cities15000.json"), encoding="utf-8") as f:
        cities_json = json.load(f)

    data = os.path.join(ROOT, "data")
    stop = set(read_list(os.path.join(data, "stop_words.txt")))
    common = set(read_list(os.path.join(data, "common_words.txt"))) | stop
    hand = read_tsv(os.path.join(data, "place_aliases.tsv"))
    with open(os.path.join(src, "names", "dist.all.last"), encoding="latin-1") as f:
        surnames = {ln.split()[0].lower() for _, ln in zip(range(SURNAMES), f) if ln.strip()}
    demonyms = read_tsv(os.path.join(data, "demonyms.tsv"))

    places = []
    # name -> list of (place, strength); strength 2 = own name, 1 = alternate, 3 = boosted
    names = collections.defaultdict(dict)
    flags = collections.defaultdict(set)

    hand_keys = set()  # hand-written names are trusted even when they are words ("US")

    def add_name(place, name, strength, qualifier=False, hand=False):
        key = key_of(name)
        if key and hand:
            hand_keys.add(key)
        if not key or len(key.split()) > MAX_KEY_TOKENS:
            return
        prev = names[key].get(id(place))
        if prev is None or prev[1] < strength:
            names[key][id(place)] = (place, strength)
        if qualifier:
            flags[key].add("q")

    # Countries.
    by_cc = {}
    for cc, c in countries_json.items():
        name = COUNTRY_RENAMES.get(c["name"], c["name"]).strip()
        p = Place("C", name, int(c.get("population") or 0), cc)
        p.country = p
        places.append(p)
        by_cc[cc] = p
        add_name(p, name, 2)
    by_country_name = {p.name: p for p in places}

    # Historic countries (hand-written, from ISO 3166-3).
    for row in hand:
        if row[0] == "historic":
            p = Place("C", row[1], 0, None)
            p.country = p
            places.append(p)
            by_country_name[p.name] = p
            add_name(p, p.name, 2)

    # Regions.
    city_pop_by_admin = collections.Counter()
    for c in cities_json.values():
        city_pop_by_admin[f"{c['countrycode']}.{c['admin1code']}"] += int(c["population"] or 0)
    by_admin = {}
    for a in admin1_json:
        cc, _, code = a["code"].partition(".")
        country = by_cc.get(cc)
        if country is None:
            continue
        name = a["name"].strip()
        if fold(name) is None or GENERIC_REGION.match(fold(name).lower()):
            continue
        p = Place("R", name, city_pop_by_admin[a["code"]] // 2, cc, code)
        p.country = country
        places.append(p)
        by_admin[a["code"]] = p
        add_name(p, name, 2)
        for suffix in REGION_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 3:
                add_name(p, name[: -len(suffix)], 1)

    # Cities.
    cities = sorted(cities_json.values(), key=lambda c: -int(c["population"] or 0))
    by_city = {}
    for c in cities:
        country = by_cc.get(c["countrycode"])
        if country is None:
            continue
        pop = int(c["population"] or 0)
        p = Place("T", c["name"].strip(), pop, c["countrycode"], c["admin1code"])
        p.country = country
        p.region = by_admin.get(f"{c['countrycode']}.{c['admin1code']}")
        places.append(p)
        by_city.setdefault(f"{p.name}@{p.cc}.{p.admin1}", p)
        add_name(p, p.name, 2)
        if pop >= ALT_NAMES_MIN_POPULATION:
            own_head = p.name.split()[0].lower()
            for alt in c.get("alternatenames") or []:
                if not looks_like_name(alt):
                    continue
                # "Saint James" for Vung Tau: a saint's name is only kept by places named so.
                head = alt.split()[0].lower().rstrip(".")
                if head in SAINT_WORDS and own_head.rstrip(".") not in SAINT_WORDS:
                    continue
                # Three letters or fewer: mostly a code or a word in another sense ("Cos" for
                # Jos in Nigeria is the wire's "companies"); a town's own short name stays.
                if len(key_of(alt).replace(" ", "")) <= 3:
                    continue
                add_name(p, alt, 1)

    # Hand-written names.
    by_region = {f"{p.name}@{p.cc}": p for p in places if p.kind == "R"}
    for row in hand:
        kind, target = row[0], row[1]
        extra = row[2].split("|") if len(row) > 2 and row[2] else []
        if kind in ("country", "historic"):
            p = by_country_name.get(target)
        elif kind == "region":
            p = by_region.get(target)
        else:
            p = by_city.get(target)
        if p is None:
            sys.exit(f"place_aliases.tsv: unknown {kind} {target!r}")
        for name in extra:
            if name.startswith("^"):
                add_name(p, name[1:], 2, qualifier=True, hand=True)
            elif name.startswith("!"):
                add_name(p, name[1:], 3, hand=True)
            else:
                add_name(p, name, 2, hand=True)
    for row in demonyms:
        p = by_country_name.get(row[0])
        if p is None:
            sys.exit(f"demonyms.tsv: unknown country {row[0]!r}")
        for name in row[1].split("|"):
            add_name(p, name, 2, hand=True)

    # Order the candidates of every key, drop junk keys, mark weak and qualifier-only keys.
    def priority(entry, best_own_pop):
        p, strength = entry
        own = strength >= 2
        score = p.population
        # A place's alternate name loses to another place's own name unless it is much larger.
        if not own and score < 50 * best_own_pop:
            rank_alt = 1
        else:
            rank_alt = 0
        return (
            0 if p.kind == "C" else 1,
            0 if strength == 3 else 1,
            rank_alt,
            -score,
        )

    aliases = []
    for key, entries in names.items():
        single = " " not in key
        entries = list(entries.values())
        # A saint's word alone ("San", "Sainte") is the start of a longer name cut short ("The
        # San Francisco-based firm"), not the town GeoNames names so.
        if key not in hand_keys and single and (key in stop or len(key) < 2 or key in CONTINENTS or key in SAINT_WORDS):
            continue
        # A campus GeoNames lists as a populated place ("University of Texas") is read as the
        # university in news.
        if key not in hand_keys and key.startswith(("university of ", "college of ")):
            continue
        weak = False
        qualified_only = False
        if key not in hand_keys and single and key in common:
            # Another place's alternate name that is a word is never worth keeping ("Soul").
            entries = [e for e in entries if e[1] >= 2]
            big = [e for e in entries
                   if e[0].kind in ("C", "R") or e[0].population >= WEAK_KEEP_MIN_POPULATION]
            if not big:
                big = [e for e in entries if e[0].population >= QUALIFIED_KEEP_MIN_POPULATION]
                if not big:
                    continue
                qualified_only = True
            entries = big
            weak = not any(e[0].kind == "C" or e[0].population >= NEVER_WEAK_POPULATION
                           for e in entries)
        elif key not in hand_keys and single and key in surnames:
            # A common surname that names only small towns ("Bush", "Lawson") is a person more
            # often than a place: weak.
            weak = not any(e[0].kind in ("C", "R") or e[0].population >= NEVER_WEAK_POPULATION
                           for e in entries)
        own_pops = [e[0].population for e in entries if e[1] >= 2]
        best_own = max(own_pops) if own_pops else 0
        entries.sort(key=lambda e: priority(e, best_own))
        # A city inside a region of the same name beats that region ("Busan", "New York").
        for i, (p, _) in enumerate(entries):
            if p.kind == "R":
                for j in range(i + 1, len(entries)):
                    q = entries[j][0]
                    if q.kind == "T" and q.region is p and entries[j][1] >= entries[i][1]:
                        entries.insert(i, entries.pop(j))
                        break
                break
        f = "".join(sorted(flags.get(key, set()) | ({"w"} if weak else set())
                           | ({"x"} if qualified_only else set()))) or "-"
        aliases.append((key, f, [e[0] for e in entries]))

    # Number the places that are still referenced (plus all countries and regions).
    used = set()
    for _, _, ps in aliases:
        used.update(id(p) for p in ps)
    kept = [p for p in places if p.kind in ("C", "R") or id(p) in used]
    for i, p in enumerate(kept):
        p.idx = i

    buf = io.StringIO()
    buf.write("# dateline gazetteer, compiled by tools/build_gazetteer.py. Place data from GeoNames\n")
    buf.write("# (geonames.org, CC-BY 4.0) and hand-written lists in data/. Format: see the script.\n")
    for p in kept:
        region = str(p.region.idx) if p.region is not None and p.region.idx is not None else "-"
        country = str(p.country.idx) if p.country is not None else "-"
        buf.write(f"P\t{p.kind}\t{p.name}\t{region}\t{country}\t{p.population}\n")
    aliases.sort(key=lambda a: a[0])
    for key, f, ps in aliases:
        ids = ",".join(str(p.idx) for p in ps)
        buf.write(f"A\t{key}\t{f}\t{ids}\n")
    write_gz(os.path.join(out, "gazetteer.tsv.gz"), buf.getvalue())

    # First names.
    titles = {t.lstrip("*").lower().rstrip(".") for t in read_list(os.path.join(data, "titles.txt"))}
    excluded = stop | titles | PROPERNAMES_NOT_NAMES | {"january", "february", "march", "april", "may", "june", "july", "august",
                       "september", "october", "november", "december", "monday", "tuesday",
                       "wednesday", "thursday", "friday", "saturday", "sunday"}
    countries_lower = {key_of(p.name) for p in places if p.kind == "C"}
    big_cities = {key_of(p.name) for p in places if p.kind == "T" and p.population >= 1_000_000}
    firsts = []
    seen = set()
    # propernames is left out: shared/data states no licence for it.
    sources = [("dist.male.first", None), ("dist.female.first", FIRST_NAMES_FEMALE)]
    for fname, limit in sources:
        with open(os.path.join(src, "names", fname), encoding="latin-1") as f:
            rows = [ln.split()[0] for ln in f if ln.strip()]
        if limit:
            rows = rows[:limit]
        for name in rows:
            firsts.append(name.capitalize())
    # GFDL-licensed nam_dict.txt (gender.c by Joerg Michael): first names common in some
    # country (frequency digit >= 3 of 13), after the Census names, minus ordinary English
    # words (the system word list, when there is one) and places of 100,000+ people.
    census = {n.lower() for n in firsts}
    # Given names that are also places, kept apart: a lone "Jordan" or "Sydney" stays a place,
    # and the extractor reads "Vladimir Putin" as a person only on more evidence.
    place_firsts = []
    words = set()
    for dict_path in ("/usr/share/dict/american-english", "/usr/share/dict/words"):
        if os.path.exists(dict_path):
            with open(dict_path, encoding="utf-8", errors="replace") as f:
                words = {w.strip() for w in f if w.strip() and w[0].islower()}
            break
    towns = {key_of(p.name) for p in places if p.kind != "T" or p.population >= 100_000}
    nam_dict = os.path.join(src, "names", "nam_dict.txt")
    if os.path.exists(nam_dict):
        best = {}
        with open(nam_dict, encoding="latin-1") as f:
            for ln in f:
                if ln.startswith("#") or len(ln) < 40 or ln[:2].strip() == "=":
                    continue
                name = ln[3:29].strip()
                digits = [int(c, 16) for c in ln[30:85] if c in "0123456789abcdef"]
                if name and "+" not in name and digits:
                    best[name] = max(best.get(name, 0), max(digits))
        for name in sorted(best, key=lambda n: (-best[n], n)):
            folded = fold(name)
            if best[name] < 3 or not folded or not folded.isalpha():
                continue
            key = folded.lower()
            if key in census or key in words:
                continue
            if key in towns:
                place_firsts.append(folded)
                continue
            firsts.append(folded)
    firsts_all = []
    for name in firsts:
        key = name.lower()
        if key in seen or key in excluded:
            continue
        if key in countries_lower or key in big_cities:
            place_firsts.append(name)
            continue
        # build.rs compiles the list as plain ASCII words (their keys are their lowercase forms).
        if len(key) < 2 or not key.isalpha() or not key.isascii():
            continue
        seen.add(key)
        firsts_all.append(name)
    write_gz(os.path.join(out, "first_names.txt.gz"),
             "# First names: US Census 1990 (public domain), most common first, then "
             "nam_dict.txt (GFDL 1.2, Joerg Michael), compiled by tools/build_gazetteer.py.\n" + "\n".join(firsts_all) + "\n")

    place_all = []
    for name in place_firsts:
        key = name.lower()
        if key in seen or key in excluded or len(key) < 2 or not key.isalpha() or not key.isascii():
            continue
        seen.add(key)
        place_all.append(name)
    write_text(os.path.join(out, "place_first_names.txt"),
               "# First names that are also countries or large places (\"Jordan\", \"Sydney\", \"Vladimir\"),\n"
               "# left out of first_names.txt.gz: same sources, compiled by tools/build_gazetteer.py.\n"
               + "\n".join(place_all) + "\n")

    print(f"places: {len(kept)}, names: {len(aliases)}, first names: {len(firsts_all)}, "
          f"first names that are places: {len(place_all)}")
    for fn in ("gazetteer.tsv.gz", "first_names.txt.gz", "place_first_names.txt"):
        print(f"{fn}: {os.path.getsize(os.path.join(out, fn)):,} bytes")


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_gz(path, text):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(text.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.path.join(ROOT, "..", "shared", "data", "gazetteers"),
                    help="folder with geonames/ and names/ (default: ../shared/data/gazetteers)")
    ap.add_argument("--out", default=os.path.join(ROOT, "data"), help="output folder (default: data)")
    args = ap.parse_args()
    build(args.src, args.out)


if __name__ == "__main__":
    main()
