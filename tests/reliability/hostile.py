"""Hostile inputs shared by the reliability tests: what partners' links, files and typos can contain."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
HOSTILE = (
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR '1'='1' --",
    "1; DROP TABLE lsoa; --",
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "\x00",
    "%00",
    "%ZZ",
    "%",
    "NaN",
    "nan,nan",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "-0",
    "0",
    "999999999999999999999",
    "",
    " ",
    "\t\r\n",
    "=cmd|' /C calc'!A0",
    "Ünïcödé 🗺️ ليفربول 利物浦",
    "\u202eevil",
    "a" * 5000,
    "E01006512",
    "E01006512," * 200,
    "lsoa",
    "ward",
    "out_of_work:NaN",
    "out_of_work:-1,illness:inf",
    "out_of_work:0,illness:0",
    "no_such_layer:1",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "[]",
    "{}",
    "null",
)

# Text without lone surrogates: a browser cannot put them in a URL, and JSON refuses them.
plain_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
values = st.one_of(st.sampled_from(HOSTILE), plain_text, st.integers().map(str),
                   st.floats().map(str))  # fmt: skip


def param_dicts(known_keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, object]]:
    """Query parameters as Dash hands them to ``layout``: a string, or a list for a repeated key."""
    keys = st.one_of(st.sampled_from(known_keys), st.sampled_from(HOSTILE[:12]), plain_text)
    value = st.one_of(values, st.lists(values, min_size=2, max_size=3))
    return st.dictionaries(keys, value, max_size=6)


@st.composite
def query_strings(draw, known_keys: tuple[str, ...]) -> str:
    """A raw query string (without ``?``): encoded, half-encoded or raw garbage, repeated keys."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.one_of(st.sampled_from(known_keys), st.sampled_from(HOSTILE[:12])))
        value = draw(values)
        style = draw(st.sampled_from(("encoded", "raw", "bare", "repeat")))
        if style == "encoded":
            parts.append(f"{quote(key)}={quote(value)}")
        elif style == "raw":
            # What a mail client may do to a link: characters left as they are, only & and # kept out.
            parts.append(f"{key}={value}".replace("&", "%26").replace("#", "%23"))
        elif style == "bare":
            parts.append(quote(key))
        else:
            parts.extend([f"{quote(key)}={quote(value)}", f"{quote(key)}=2"])
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(("&&", "=", "==", "&=&", ";", "a=%", "%E0%A4%A"))))
    return "&".join(parts)


@st.composite
def paths(draw) -> str:
    """Page paths a mangled link may carry."""
    known = ("/", "/target", "/overview", "/data", "/404", "/map", "/target/", "//target")
    garbage = draw(st.one_of(st.sampled_from(HOSTILE), plain_text))
    return draw(
        st.sampled_from(
            (
                draw(st.sampled_from(known)),
                "/" + quote(garbage, safe=""),
                "/target/" + quote(garbage, safe=""),
            )
        )
    )
