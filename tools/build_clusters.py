#!/usr/bin/env python3
"""Compute hierarchical word clusters from unlabelled news text for the extraction tagger.

    pip install numpy                      # the one dependency beside the standard library
    python3 tools/build_clusters.py [--src ../shared/data] [--out data/word_clusters.tsv.gz]

Reads only running text, never a label:
  * bbc-news/<category>/NNN.txt (title line and paragraphs);
  * reuters21578/reut2-*.sgm: the text inside <TITLE> and <BODY> only (never <PLACES>,
    <PEOPLE>, <ORGS>, <TOPICS> or any other element); the closing "Reuter" signature is dropped;
  * abc-lee/*.cor (one article a line).
gum-wikinews/ (the evaluation set) and gum-more/ (the tagger's training set) are not read.

How (in place of Brown clustering, whose pairwise merging would take hours in Python; the result
plays the same role, bit-string paths whose prefixes are coarser clusters):
  1. Every text is cut into words the way src/extract/token.rs does (letters and digits with
     inner hyphens, apostrophes, periods and '&'; the possessive 's split off), and each word
     gets its key: the tokeniser's normalised form (ASCII-folded, lowercase, periods dropped),
     written back in the word's case class: all capitals ("IMF", "U.S." -> "US"), capitalised
     ("Bush", "McDonald" -> "Mcdonald") or lowercase ("bush"). Case is kept because the tagger
     reads capitalised words, and "Bush" and "bush" are used differently (see --case).
     A text written all in capitals (every Reuters headline, some Reuters stories) says nothing
     of case and is left out.
  2. Keys seen at least --min-count times are the vocabulary. Each is described by what stands
     one and two words to its left and right (the --contexts most frequent keys at each
     position, punctuation and the sentence edge included), as positive pointwise mutual
     information (context counts smoothed to the power 0.75; the two outer positions weigh half).
  3. That matrix is reduced to --dims dimensions (the top eigenvectors of its Gram matrix, the
     same as a truncated SVD) and each word's vector is scaled to length one.
  4. The words are split in two again and again (spherical 2-means started from the node's
     principal direction, so nothing is random), --depth times at most, a node of fewer than
     2 x --min-leaf words staying whole. A word's cluster is its path from the root, a string
     of 0 and 1: a prefix of it is a coarser cluster, as with Brown clusters.
The defaults are the settings measured best for the tagger (EVALUATION.md, 2026-12-06); the
other settings tried there are still options.

Writes data/word_clusters.tsv.gz, UTF-8, sorted by key, '#' lines are comments:
  <key> TAB <path>
gzip with a fixed timestamp and one BLAS thread, so the same inputs give the same bytes. Only
derived statistics are stored (a word and its cluster), never a sentence of the texts.
"""

import argparse
import collections
import gzip
import html
import io
import os
import re
import sys
import unicodedata

# One BLAS thread: sums in one order, so every run writes the same bytes (set before numpy loads).
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import numpy as np  # noqa: E402

# As token.rs: a trailing period belongs to these words (and to initials and dotted acronyms).
ABBREVIATIONS = set(
    """mr mrs ms dr prof st mt ft pt jr sr gen gov sen rep col lt sgt capt adm maj cmdr rev hon inc
    corp co ltd bros jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc calif cal ala ariz
    ark colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont neb nebr nev okla
    ore oreg pa penn tenn tex vt va wash wis wisc wyo ont que alta man sask ave blvd dept univ assn
    approx gov't govt messrs mme mlle sra sr dott""".split()
)

# Letters a plain NFKD decomposition does not fold (deunicode does, in the tokeniser).
FOLD = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
        "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i", "’": "'", "‘": "'"}

WORD = re.compile(r"[^\W_](?:[^\W_]|[-'’.&](?=[^\W_]))*")
SENTENCE_END = set(".!?")
POSSESSIVE = re.compile(r"^(.+)['’][sS]$")
SPACE = re.compile(r"\s*")
INDENT = re.compile(r"\n[ \t]{2,}|\n\t")


def norm(word):
    """The tokeniser's key of a word: ASCII-folded, lowercase, periods dropped."""
    out = []
    for ch in word:
        if ch.isascii():
            if ch != ".":
                out.append(ch.lower())
            continue
        ch = FOLD.get(ch, ch)
        folded = unicodedata.normalize("NFKD", ch)
        folded = "".join(c for c in folded if not unicodedata.combining(c) and c.isascii())
        out.append(folded.replace(".", "").lower())
    return "".join(out)


def keyed(word, key, case):
    """The cluster key of a word whose normalised form is `key`, in its case class."""
    if case == "lower" or not key:
        return key
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and not any(c.islower() for c in letters):
        return key.upper()
    if word[0].isupper():
        return key[0].upper() + key[1:]
    return key


def tokens(text, case):
    """The keys of `text`'s tokens, with "<s>" at every sentence or paragraph start."""
    out = ["<s>"]
    pos = 0
    n = len(text)
    while pos < n:
        m = SPACE.match(text, pos)
        space = m.group(0)
        pos = m.end()
        if pos >= n:
            break
        # A blank line, or a line break and an indent of two, starts a paragraph (as token.rs).
        if space and ("\n\n" in space.replace("\r", "") or INDENT.search(space)):
            if out[-1] != "<s>":
                out.append("<s>")
        m = WORD.match(text, pos)
        if m is None:
            ch = text[pos]
            pos += 1
            if ch == "&":
                out.append("&")
            else:
                out.append(ch if ch in ",.:;()\"-'" else "p")
                if ch in SENTENCE_END:
                    out.append("<s>")
            continue
        word = m.group(0)
        pos = m.end()
        poss = POSSESSIVE.match(word)
        if poss:
            key = norm(poss.group(1))
            out.append(keyed(poss.group(1), key, case))
            out.append("'s")
            continue
        key = norm(word)
        if pos < n and text[pos] == ".":
            single = len(word) == 1 and word.isalpha()
            if single or "." in word or key in ABBREVIATIONS:
                pos += 1
        if key:
            out.append(keyed(word, key, case))
    return out


def mostly_capitals(text):
    """Whether more than four letters in five are capitals (a text that says nothing of case)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def read_texts(src):
    """Every unlabelled text, in a fixed order."""
    bbc = os.path.join(src, "bbc-news")
    for cat in sorted(os.listdir(bbc)):
        folder = os.path.join(bbc, cat)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                raw = open(os.path.join(folder, name), "rb").read()
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield raw.decode("latin-1")
    reuters = os.path.join(src, "reuters21578")
    element = re.compile(r"<(TITLE|BODY)>(.*?)</\1>", re.S)
    for name in sorted(os.listdir(reuters)):
        if not (name.startswith("reut2-") and name.endswith(".sgm")):
            continue
        data = open(os.path.join(reuters, name), "rb").read().decode("latin-1")
        for story in data.split("</REUTERS>"):
            for _, body in element.findall(story):
                body = html.unescape(re.sub(r"&#\d+;", " ", body))
                body = re.sub(r"\s*Reuter\s*$", "", body)
                yield body
    abc = os.path.join(src, "abc-lee")
    for name in sorted(os.listdir(abc)):
        if name.endswith(".cor"):
            with open(os.path.join(abc, name), encoding="utf-8", errors="replace") as f:
                for line in f:
                    if line.strip():
                        yield line


def vectors(corpus, n_words, n_contexts, dims):
    """Unit-length PPMI-SVD vectors of the vocabulary's words. `corpus` is one pair of arrays
    (word number or -1, context number or -1) over every text, texts separated by -1s."""
    words, ctxs = corpus
    offsets = (-2, -1, 1, 2)
    c = n_contexts
    width = c * len(offsets)
    keys = []
    for block, off in enumerate(offsets):
        if off < 0:
            w, x = words[-off:], ctxs[:off]
        else:
            w, x = words[:-off], ctxs[off:]
        ok = (w >= 0) & (x >= 0)
        keys.append(w[ok].astype(np.int64) * width + block * c + x[ok])
    keys, counts = np.unique(np.concatenate(keys), return_counts=True)
    rows = keys // width
    cols = keys % width
    counts = counts.astype(np.float64)
    # PPMI per position, context counts smoothed (Levy, Goldberg and Dagan 2015); the two outer
    # positions weigh half.
    vals = np.zeros_like(counts)
    for block, off in enumerate(offsets):
        sel = (cols >= block * c) & (cols < (block + 1) * c)
        r, k, n = rows[sel], cols[sel] - block * c, counts[sel]
        total = n.sum()
        pw = np.bincount(r, weights=n, minlength=n_words) / total
        smoothed = np.bincount(k, weights=n, minlength=c) ** 0.75
        pc = smoothed / smoothed.sum()
        pmi = np.log((n / total) / (pw[r] * pc[k]))
        vals[sel] = np.maximum(pmi, 0.0) * (0.5 if abs(off) == 2 else 1.0)
    starts = np.searchsorted(rows, np.arange(n_words + 1))

    def dense(a, b):
        """Rows a..b of the PPMI matrix."""
        out = np.zeros((b - a, width))
        s, e = starts[a], starts[b]
        out[rows[s:e] - a, cols[s:e]] = vals[s:e]
        return out

    chunk = 2000
    gram = np.zeros((width, width))
    for a in range(0, n_words, chunk):
        d = dense(a, min(a + chunk, n_words))
        gram += d.T @ d
    eig, vecs = np.linalg.eigh(gram)
    top = np.argsort(-eig, kind="stable")[:dims]
    # U * S^(1/2): singular vectors weighted by the square root of their values (M V / S^(1/2)).
    s = np.sqrt(np.maximum(eig[top], 1e-12))
    proj = vecs[:, top] / np.sqrt(s)[None, :]
    emb = np.concatenate([dense(a, min(a + chunk, n_words)) @ proj for a in range(0, n_words, chunk)])
    # An eigenvector's sign is arbitrary: fix it so the largest component is positive.
    signs = np.sign(emb[np.argmax(np.abs(emb), axis=0), np.arange(emb.shape[1])])
    emb *= np.where(signs == 0, 1.0, signs)[None, :]
    lengths = np.linalg.norm(emb, axis=1, keepdims=True)
    return emb / np.maximum(lengths, 1e-12)


def bisect(emb, depth, min_leaf):
    """Each word's path in a binary tree of spherical 2-means splits."""
    paths = [""] * emb.shape[0]
    stack = [(np.arange(emb.shape[0]), "")]
    while stack:
        members, path = stack.pop()
        if len(path) >= depth or len(members) < 2 * min_leaf:
            for w in members:
                paths[w] = path
            continue
        x = emb[members]
        centred = x - x.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)
        direction = vt[0] * np.sign(vt[0][np.argmax(np.abs(vt[0]))])
        side = centred @ direction > 0
        for _ in range(10):
            if side.all() or not side.any():
                break
            c1 = x[side].mean(axis=0)
            c0 = x[~side].mean(axis=0)
            c1 /= max(np.linalg.norm(c1), 1e-12)
            c0 /= max(np.linalg.norm(c0), 1e-12)
            new = x @ c1 > x @ c0
            if (new == side).all():
                break
            side = new
        if side.sum() < min_leaf or (~side).sum() < min_leaf:
            for w in members:
                paths[w] = path
            continue
        stack.append((members[~side], path + "0"))
        stack.append((members[side], path + "1"))
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default="../shared/data", help="the shared data folder")
    ap.add_argument("--out", default="data/word_clusters.tsv.gz")
    ap.add_argument("--case", choices=("cased", "lower"), default="cased",
                    help="keys in their case class (default) or lowercase only")
    ap.add_argument("--min-count", type=int, default=5, help="least occurrences of a word")
    ap.add_argument("--contexts", type=int, default=1000, help="context words per position")
    ap.add_argument("--dims", type=int, default=200, help="dimensions of the word vectors")
    ap.add_argument("--depth", type=int, default=12, help="longest cluster path, in bits")
    ap.add_argument("--min-leaf", type=int, default=3, help="least words of a cluster")
    args = ap.parse_args()

    docs = []
    skipped = 0
    for text in read_texts(args.src):
        if mostly_capitals(text):
            skipped += 1
            continue
        docs.append(tokens(text, args.case))
    freq = collections.Counter(k for d in docs for k in d)
    ordered = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
    # Clustered: words (not punctuation or the sentence marker) seen often enough.
    vocab = [k for k, n in ordered if n >= args.min_count and k != "<s>" and WORD.fullmatch(k)
             is not None and k != "'s"]
    contexts = [k for k, _ in ordered[: args.contexts]]
    vid = {k: i for i, k in enumerate(vocab)}
    cid = {k: i for i, k in enumerate(contexts)}
    flat = []
    for d in docs:
        flat.extend(d)
        flat.extend((None, None))
    words = np.array([vid.get(k, -1) for k in flat], dtype=np.int64)
    ctxs = np.array([cid.get(k, -1) for k in flat], dtype=np.int64)
    total = sum(len(d) for d in docs)
    print(f"{len(docs)} texts ({skipped} all in capitals left out), {total} tokens, "
          f"{len(freq)} keys, {len(vocab)} clustered", file=sys.stderr)
    emb = vectors((words, ctxs), len(vocab), len(contexts), args.dims)
    emb = np.round(emb, 6)
    paths = bisect(emb, args.depth, args.min_leaf)
    leaves = len(set(paths))
    print(f"{leaves} clusters, paths of up to {max(len(p) for p in paths)} bits", file=sys.stderr)

    lines = [
        "# word clusters for dateline's tagger: key TAB path (see tools/build_clusters.py)",
        f"# case={args.case} min_count={args.min_count} contexts={args.contexts} dims={args.dims} "
        f"depth={args.depth} min_leaf={args.min_leaf}; {len(vocab)} words, {leaves} clusters",
    ]
    for k, p in sorted(zip(vocab, paths), key=lambda kp: kp[0].encode()):
        lines.append(f"{k}\t{p or '-'}")
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode())
    with open(args.out, "wb") as f:
        f.write(raw.getvalue())
    print(f"wrote {args.out} ({len(raw.getvalue())} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
