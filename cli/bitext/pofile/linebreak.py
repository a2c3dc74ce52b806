"""GNU's line breaking: where libunistring 1.0 lets a PO string be cut, and column widths.

`_layout(text, column, width, blocked, sums)` cuts escaped text into lines exactly as
gettext's ulc_width_linebreaks does; `_column_sums` and `_widths` give column widths
(uc_width).  The tables at the end hold every code point's class and width.
"""

from __future__ import annotations

import base64
import bisect
import zlib
from functools import lru_cache
from itertools import accumulate


# ------------------------------------------------------------- Unicode line breaking
#
# GNU gettext wraps strings with libunistring's ulc_width_linebreaks: Unicode line
# breaking (UAX #14 as implemented by libunistring 1.0, a pair table plus rules for
# spaces, combining marks, ZWJ, regional indicators and Hebrew hyphens) and column
# widths (uc_width).  The tables below hold, for every code point, its line-breaking
# class (after libunistring's own resolution of AI, SA, XX and CB) and its width, taken
# from libunistring 1.0 itself (see tests/test_pofile.py, which checks them against
# the library when it is installed).

(_WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2, _QU, _IS, _NU,
 _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL, _RI, _ZWJ, _EB, _EM,
 _BK, _CR, _LF, _CM, _ZW, _SP) = range(39)
_HL_BA = 100  # a Hebrew letter followed by a hyphen or break-after: no break after it
_MANDATORY = frozenset((_BK, _CR, _LF))
# After one of these the state of the break algorithm depends on what came before.
_UNSYNC = frozenset((_SP, _CM, _ZWJ, _RI, _HY, _BA))
_DIRECT, _INDIRECT, _PROHIBITED = 1, 2, 3
_INERT = bytes((_AL, _NU))  # runs of these never break inside
# Per class, for _layout_simple: 0 letters and digits (_INERT), 2 the classes that need
# the state machine's special rules (combining marks and joiners, regional indicators,
# Hebrew letters, zero-width space, mandatory breaks), 1 the rest.
_SIMPLE_MASK = bytes(0 if klass in (_AL, _NU) else
                     2 if klass in (_HL, _RI, _ZWJ, _BK, _CR, _LF, _CM, _ZW) or klass > _SP
                     else 1 for klass in range(256))


@lru_cache(maxsize=None)
def _unicode() -> tuple[list[int], list[int], bytes]:
    """(range starts, range values, pair table) decoded from the tables below."""
    data = zlib.decompress(base64.b85decode("".join(_UNICODE_TABLE)))
    starts: list[int] = []
    values: list[int] = []
    code_point = position = 0
    while position < len(data):
        count = shift = 0
        while True:
            byte = data[position]
            position += 1
            count |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        value = data[position]
        position += 1
        starts.append(code_point)
        values.append(value)
        code_point += count
    pairs = bytes(".DIP".index(entry) for row in _PAIR_TABLE for entry in row)
    return starts, values, pairs


def _properties(code_point: int) -> tuple[int, int]:
    """(line-breaking class, column width) of a code point, as libunistring 1.0 has them."""
    starts, values, _ = _unicode()
    value = values[bisect.bisect_right(starts, code_point) - 1]
    klass = value >> 2
    if klass == _H2 and (code_point - 0xAC00) % 28:
        klass = _H3  # Hangul syllables: LV every 28th code point, LVT in between
    return klass, (value & 3) - 1


@lru_cache(maxsize=None)
def _translation(pick: int, size: int = 0x10000) -> str:
    """The line-breaking class (`pick` 0), width (1) or both (2: class * 4 + width) of
    each code point below `size`, one character each: a str.translate table indexed by
    code point.

    A str looks a character up without hashing it, twice as fast as a dict, and it is
    built from the table's runs, not one Python step per code point: the Basic
    Multilingual Plane in a fraction of a millisecond; the rest only for text beyond it.
    """
    starts, values, _ = _unicode()
    ends = [*starts[1:], 0x110000]
    pieces = []
    for start, end, value in zip(starts, ends, values):
        if start >= size:
            break
        end = min(end, size)
        width = max((value & 3) - 1, 0)
        if pick == 1:
            pieces.append(chr(width) * (end - start))
            continue
        extra = width if pick == 2 else 0
        scale = 4 if pick == 2 else 1
        if value >> 2 == _H2:
            # LV every 28th syllable, LVT in between
            hangul = chr(_H2 * scale + extra) + chr(_H3 * scale + extra) * 27
            offset = (start - 0xAC00) % 28
            pieces.append((hangul * ((end - start) // 28 + 2))[offset:offset + end - start])
        else:
            pieces.append(chr((value >> 2) * scale + extra) * (end - start))
    return "".join(pieces)


def _lookup(text: str, pick: int) -> bytes:
    """_translation(pick) of each character of `text`, as bytes."""
    try:
        return text.translate(_translation(pick)).encode("latin-1")
    except UnicodeEncodeError:  # beyond the BMP (emoji...): left as they were, look again
        return text.translate(_translation(pick, 0x110000)).encode("latin-1")


@lru_cache(maxsize=None)
def _latin1_table(pick: int) -> bytes:
    return _translation(pick)[:256].encode("latin-1")


def _classes(text: str) -> bytes:
    try:
        # Most text (English, Spanish...) is Latin-1: bytes.translate is much faster.
        return text.encode("latin-1").translate(_latin1_table(0))
    except UnicodeEncodeError:
        return _lookup(text, 0)


def _widths(text: str) -> bytes:
    try:
        return text.encode("latin-1").translate(_latin1_table(1))
    except UnicodeEncodeError:
        return _lookup(text, 1)


# _translation(2)'s values (class * 4 + width) back into classes and into widths.
_CLASS_OF = bytes(value >> 2 for value in range(256))
_WIDTH_OF = bytes(value & 3 for value in range(256))


def _classes_and_widths(text: str) -> tuple[bytes, bytes]:
    """(_classes(text), _widths(text)), with one table lookup per character beyond Latin-1
    (the slow step: a str.translate through a table of 65,536 code points)."""
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        packed = _lookup(text, 2)
        return packed.translate(_CLASS_OF), packed.translate(_WIDTH_OF)
    return latin.translate(_latin1_table(0)), latin.translate(_latin1_table(1))


def _column_sums(text: str) -> list[int] | None:
    """Running column counts of `text`, or None when every character takes one column."""
    if text.isascii() and text.isprintable():  # ASCII non-printables: the controls
        return None
    widths = _widths(text)
    if widths.count(1) == len(widths):
        return None
    return list(accumulate(widths, initial=0))


def _layout(text: str, column: int, width: int, blocked: set[int],
            sums: list[int] | None, classes: bytes | None = None) -> list[str]:
    """Cut escaped `text` into lines as ulc_width_linebreaks does.

    `column` is where the first line starts, `width` the columns of every line, `sums`
    what _column_sums says of `text`, and `blocked` the positions where gettext forbids
    a break (inside an escape sequence, before a final ``\\n``, inside a format
    directive).  `classes` is _classes(text) when the caller has it already.
    """
    size = len(text)
    if column + (size if sums is None else sums[size]) <= width:
        return [text]
    if classes is None:
        classes = _classes(text)
    mask = classes.translate(_SIMPLE_MASK)
    if 2 not in mask and "  " not in text:
        return _layout_simple(text, classes, mask, column, width, blocked, sums)
    return _layout_general(text, classes, column, width, blocked, sums)


def _line_end(sums: list[int] | None, size: int, start: int, budget: int) -> int:
    """The last position a line from `start` may end at within `budget` columns (`sums`:
    see _column_sums; None when every character is one column), or -1 when the rest fits."""
    if sums is None:
        if size - start <= budget:
            return -1
        last = start + budget
    else:
        if sums[size] - sums[start] <= budget:
            return -1
        last = bisect.bisect_right(sums, sums[start] + budget) - 1
    return max(last, start)  # nothing fits when the line starts past the width


def _layout_general(text: str, classes: bytes, column: int, width: int, blocked: set[int],
                    sums: list[int] | None) -> list[str]:
    """_layout for any text: libunistring's state machine, a window at a time."""
    size = len(text)
    pairs = _unicode()[2]
    if _BK in classes or _CR in classes or _LF in classes:
        cuts = _cuts_exact(text, classes, sums, column, width, blocked)
        return [text[a:b] for a, b in zip([0, *cuts], [*cuts, size])]
    pieces: list[str] = []
    start = 0
    while True:
        last = _line_end(sums, size, start, width - column)
        if last < 0:
            break
        cut = _last_break(text, classes, start, last, blocked, pairs)
        if cut is None:
            cut = _next_break(text, classes, last, blocked, pairs)
            if cut is None:
                break
        pieces.append(text[start:cut])
        start = cut
        column = 0
    pieces.append(text[start:])
    return pieces


def _layout_simple(text: str, classes: bytes, mask: bytes, column: int, width: int,
                   blocked: set[int], sums: list[int] | None) -> list[str]:
    """_layout for text without special classes (`mask`: see _SIMPLE_MASK) nor two spaces.

    There a break before position i depends on two or three classes only: never
    before a space; after a non-space, where the pair table says DIRECT; after a space,
    where it does not say PROHIBITED for the class before that space.  Letters and
    digits never break between themselves, so only the positions on either side of
    another character (found with bytes.rfind on the mask) are candidates.
    """
    pairs = _unicode()[2]
    size = len(text)
    pieces: list[str] = []
    start = 0
    budget = width - column
    rfind = mask.rfind
    while True:
        if sums is None:
            # _line_end inline: every character one column (most lines of most catalogs).
            if size - start <= budget:
                break
            last = start + budget if budget > 0 else start
        else:
            last = _line_end(sums, size, start, budget)
            if last < 0:
                break
        other = rfind(1, start, last + 1)
        if 0 < other < last and classes[other] == _SP and other + 1 not in blocked \
                and pairs[classes[other - 1] * 33 + classes[other + 1]] != _PROHIBITED:
            # The usual line end: after the last space, only letters and digits follow.
            cut = other + 1
        else:
            cut = _cut_simple(text, classes, mask, start, last, blocked, pairs)
            if cut < 0:
                break
        pieces.append(text[start:cut])
        start = cut
        budget = width
    pieces.append(text[start:])
    return pieces


def _cut_simple(text: str, classes: bytes, mask: bytes, start: int, last: int,
                blocked: set[int], pairs: bytes) -> int:
    """Where _layout_simple ends a line from `start`: the last allowed break in
    (start, last], else the first one after `last`, else -1."""
    checked = last + 1
    other = mask.rfind(1, start, last + 1)
    while other >= 0:
        after = other + 1
        if classes[other] == _SP:
            # After a space (never before one): the class before it decides.
            if after < checked and other and after not in blocked \
                    and pairs[classes[other - 1] * 33 + classes[after]] != _PROHIBITED:
                return after
        else:
            if after < checked and _allows_simple(text, classes, after, blocked, pairs):
                return after
            if other > start and _allows_simple(text, classes, other, blocked, pairs):
                return other
        checked = other
        other = mask.rfind(1, start, other)
    # However long the line gets.
    size = len(text)
    other = mask.find(1, last)
    while other >= 0:
        if other > last and _allows_simple(text, classes, other, blocked, pairs):
            return other
        if other + 1 < size and _allows_simple(text, classes, other + 1, blocked, pairs):
            return other + 1
        other = mask.find(1, other + 1)
    return -1


def _allows_simple(text: str, classes: bytes, position: int, blocked: set[int],
                   pairs: bytes) -> bool:
    """Whether _layout_simple's rule allows a break before `position` (0 < position)."""
    klass = classes[position]
    if klass == _SP:
        return False
    before = classes[position - 1]
    if before != _SP:
        if pairs[before * 33 + klass] != _DIRECT:
            return False
    elif position < 2 or pairs[classes[position - 2] * 33 + klass] == _PROHIBITED:
        return False
    return (text[position - 1] != "\\" and position not in blocked
            or not _is_blocked(text, position, blocked))


def _last_break(text: str, classes: bytes, start: int, last: int, blocked: set[int],
                pairs: bytes) -> int | None:
    """The last allowed break position in (start, last], or None."""
    # Look one word at a time, backwards: most breaks follow a space.
    high = last + 1
    while high > start + 1:
        space = text.rfind(" ", start, high - 1)
        low = space + 1 if space > start else start + 1
        if space > start and not classes[low:high].translate(None, _INERT):
            # Letters and digits only after the space: the sole candidate is the
            # position right after the spaces, decided by the class before them.
            before = space
            while before >= 0 and classes[before] == _SP:
                before -= 1
            prop = classes[before] if before >= 0 else _BK
            if prop not in _UNSYNC:
                if prop in _MANDATORY:
                    allowed = False
                else:
                    allowed = prop == _ZW or pairs[prop * 33 + classes[low]] != _PROHIBITED
                if allowed and (text[low - 1] != "\\" and low not in blocked
                                or not _is_blocked(text, low, blocked)):
                    return low
                high = low
                continue
        for position in reversed(_possible_breaks(classes, low, high, pairs)):
            if not _is_blocked(text, position, blocked):
                return position
        high = low
    return None


def _next_break(text: str, classes: bytes, last: int, blocked: set[int],
                pairs: bytes) -> int | None:
    """The first allowed break position after `last`, or None."""
    low = last + 1
    while low < len(classes):
        high = min(len(classes), low + 64)
        for position in _possible_breaks(classes, low, high, pairs):
            if not _is_blocked(text, position, blocked):
                return position
        low = high
    return None


def _is_blocked(text: str, position: int, blocked: set[int]) -> bool:
    # The second character of an escape sequence follows an odd run of backslashes.
    before = position - 1
    while before >= 0 and text[before] == "\\":
        before -= 1
    return (position - 1 - before) % 2 == 1 or position in blocked


def _possible_breaks(classes: bytes, low: int, high: int, pairs: bytes) -> list[int]:
    """Positions in [low, high) before which libunistring allows a line break.

    The state machine starts at the nearest earlier character after which its state
    does not depend on history, so short windows cost little.
    """
    start = low - 1
    while start >= 0 and classes[start] in _UNSYNC:
        start -= 1
    if start < 0:
        previous = last = _BK
    else:
        previous = classes[start]
        last = _BK if previous in _MANDATORY else previous
    start += 1
    space = False
    regional = 0
    found: list[int] = []
    for position in range(start, high):
        prop = classes[position]
        if prop == _SP:
            space = True
        elif prop == _CM or prop == _ZWJ:
            # A combining mark sticks to what precedes it, unless that is a space.
            if last == _BK:
                last, space = _AL, False
            elif last == _ZW or space:
                if position >= low:
                    found.append(position)
                last, space = _AL, False
        elif prop in _MANDATORY:
            previous, last, space, regional = prop, _BK, False, 0
            continue
        elif prop == _ZW:
            last, space = _ZW, False
        else:
            if last == _BK:
                allowed = False
            elif last == _ZW:
                allowed = True
            elif previous == _ZWJ or previous == _HL_BA:
                allowed = False
            elif last == _RI and prop == _RI:
                allowed = space or regional % 2 == 0
            else:
                rule = pairs[last * 33 + prop]
                allowed = rule == _DIRECT or (rule == _INDIRECT and space)
            if allowed and position >= low:
                found.append(position)
            last, space = prop, False
        previous = _HL_BA if previous == _HL and (prop == _HY or prop == _BA) else prop
        regional = regional + 1 if prop == _RI else 0
    return found


def _cuts_exact(text: str, classes: bytes, sums: list[int] | None, column: int, width: int,
                blocked: set[int]) -> list[int]:
    """Break positions by a literal port of u8_width_linebreaks (mandatory breaks too)."""
    possible = set(_possible_breaks(classes, 0, len(classes), _unicode()[2]))
    cuts: set[int] = set()
    last_cut = None
    piece = 0
    for position, prop in enumerate(classes):
        if _is_blocked(text, position, blocked):
            kind = 0
        elif prop in _MANDATORY:
            kind = 2
        else:
            kind = 1 if position in possible else 0
        if kind and last_cut is not None and column + piece > width:
            cuts.add(last_cut)
            column = 0
        if kind == 2:
            last_cut, column, piece = None, 0, 0
            continue
        if kind == 1:
            last_cut, column, piece = position, column + piece, 0
        piece += 1 if sums is None else sums[position + 1] - sums[position]
    if last_cut is not None and column + piece > width:
        cuts.add(last_cut)
    return sorted(cuts)


# Run-length encoded (varint count, class * 4 + width + 1), zlib, base85.
_UNICODE_TABLE = (
    "c-oCuO^h5@5mvp|f73Jbc6R(fYp>To%o_jf+8g4v7I|%r#3YQtWU3Pdgy?7WB1HjNLKX@l2a"
    "iz<N{}PA+gO4~L_&lkH<S|~P9P+t<U%gM0f^wjk2!((iTSE}*2x+Raj5C;_p0jEtKV;^Og5="
    "Sx6Dm?vAapHP@mR_X+%T(uF(q3>(@H%23<}EX5BLN=NLO9nm-^<M?K<blWz7lDZ=;AjzU%~Z"
    "Ntzr!f!Xi3M5xv4Df-MZWpw`A1f(rm2ucE9n<<v!*O{Jg6rf0IhIeAP+t<8n)*~GJa;YN;98"
    "rbv1L0n>xP@UWBVs~SD6lIXa+c;+<>73g*1kFrBNLLp6Os0%NmvQJXd}a(lb~)#EmkLllvlT"
    "M!UgFSR=Neusnh12iS}wPRirF7g`res?LI!DzVU3Ng3eHRB~pD(~L_8v!bgy$2EtXZYm)v8%"
    "&jQ;cTo7LsplIvua!KOBvWDe6|$Jb_&0~HMenvwTE!JXx};2EE*Hsp59}J+Plq`SS7ctL1fA"
    "g>bj}m;YzgE_B!n1IYKZ?SzE2omV2w00@c)<>WLBIhMr5^nlr9-$+^N=ZE<$wS*>b>#7ng8)"
    "GfR4K8#i05WfNTt=@|`siNA8)p<k~Ni>%1i8(=(vF@JI)yBAqoDofn9CTqtmm-j(DC{F~St4"
    "&r(UfwXbyHeFf`d$Th8^+|o_3}TCF}U8c-@IV8mzjyA)AOfkemY<oM)z1wD1P2#~tjp)gs9z"
    "Qi~AJalu!fdHmUrU;VXFXOeqWe(vEat|xWYyUf-dmAz`e2F$oQJm*0d^^ka+sJiCZI9d{6C6"
    "rNp$X+&m?8w#o8nBR1E}w<`VO-!j4J1;l3N-i;+?#+i9o!K6&ufgRT+`Z#rGCb>;sm!y$C9_"
    "{K)kn`50+=7da7luj!-Kk)O>2HCy*&FMQy=nuFl$d){Ly=-D<Q?s;tpG)3xd};+!at<<Qk<9"
    "fgJ`)Lm_G#Ztj#q!lExKOw$Y{#&{YasqL-j_yF)7mak42xq5=IGUW5Mz@C897klo0(+wbwTK"
    "-yOOf;hINvU{)S&?gdPpLimTe7;)8AQ+(Ka0@02yhapqbI35*4NO4Gp7zLh0z2@Z9meyp>sw"
    "jfbXHn)?wB$Y8KHIr*0mhztuk>citkIZn>$y2<z9+2U5V6KlJ{yn`u&e1>pkv)~PL<82;@L<"
    "R|YdfYS@9Z0SmY2qV!_p$?npq1nVA49?j=fqq`(q%_Lkk8;7eOivzG<|Y=-};BqLGa^#89bA"
    "PT(3Ng@Am&z^B`Tg&%K~;--4~#BWfRI-$b)QTR|C1-uKCU4grG!<rQ8i-C9yt1LhTk){F*zy"
    "LN=OPjyN<lyPeHjaH_Tc(-!(2kml)x#ubSgl}bUk?&<KA7nIR=HT6B5Tg1ZJ!Ey6R?S@MQ3J"
    "O_Paw0b(aEsmx6?k*!S{SeO5o2hDX?PxZ;8MQf0&(s`8nuGT%jYJ*)gB+-Lw88-+4_0{+4)~"
    "t@=i`1Sh;~#2fH$2L<>c9g}IffHHnU8+hoxD!ssJkEU`D*Hs<p#G)Z4OV{*~snrU1u!A?P<t"
    "}EX)Twll{g|=F?Lmh%Rf`WiW3}lmYwxeSghj`<PC5W|j#E6BWyV)V33Ud&+CQ|nTDKouk7&o"
    "T+IK^3m^6OB_6f)!w9=*iNYlZm<YY-yMEu&*Pq%o_vjLyEdUL=x0uShO4YpoG=K+Nve6yKSd"
    "hO3pi2V2g)`ylmC0#&9Tri6o?GsVfDZ_{6#((EY?C~X(A;yceO)5dGuyTnWBV^sza2R1>(db"
    "ewZl>Z*1l)RBoRd|2ADBL;3VU?c^e{E@bm>%XmJXu8BQ%RGvQqGm(IxB6rLKe{e*uf`A2J|+"
    "D?fJxBppR&oCdui6XScRMfX!Fo!`{(K!#>e9+No(fet6`Wm#-+<mmVS9r|sH{RE<aRRrX|K}"
    "Z1^CC^Vm%cDGl#5f?pMnO`liE*liRuV{r6jdy#G(N0xv#?19P$F46kmhZwll5TlraF2~L%Jb"
    "}rIiohIfY0Hp1RWPKcY~>RP{ir`-5EhGvIzyp-_UG$!YJx7~u}88e&0z4Pz?7w-{dKk88YW1"
    "i=WSP8FGqlK*4uMfJK?j^uMX_{A20+*(AjI0MKs;{+b^RN<D5ZMCP}U7rF}GgT?x&9n$)fQ0"
    "}g0-UV-6R8_S_`71tkfR!?)u6KWiTcI52KK+O1!ooX)}9hvQWxPd*3+anbaiCPt^``Iyrjb#"
    "MJ%Hfx40#>2b`|k(m+y05fJJx@NPXiuCEMw9$c2U{u9KC(Bx95Ijrcu>$k4@Govy2J&YIvW4"
    "OBs)c<ad?TYOoS$pq}pT9uSis^kHIzu```|cdkt<4Wh+9=9M2YpE;w<bY!f)NGH{18!huh&>"
    "{wTf}&k21Py2yA=X@!yxxNN+^`Et?(ZhW`WFCFW=hlF9xZ<B_||vk*x5mi6D>p=lqKzdFiGa"
    "PFS+Rl#Bc{G+N<O7_g-fUiqAz0~BD!Hs}dkv%Kg?VRGC0Bu?R3(S;nrs|$qm8)G7mS2_+3E<"
    "n3YUiOX9biC@-fUw1Dk!Y)yYll$8y5}Vh=4%IFXln<>AY3U<OW2A6Xa05FHeg$n!~3+@Gr1K"
    "ngQ+P=ZfBQ*0(oK`e38s;|=58M&w_ijYGbbH!#?SAT+j#^GPm%W0yA>8Y0L}(6MR))Cs{q3o"
    "ru!lUpCYaG{1Q0#JN&vdiz7pr=g&NP%M_8cDTkTT}{lU*1hNQd|{h9q+O>h8+e)j=g*@PBGV"
    "U&B-o6p#a+3;9CYz+M5ed8bLQspY++T*`<JwKxYSQxXC2+5#+==BNi6cHwAtb0q$vw&vUDI3"
    "J#15z=DGOOwr<?ILAqma#S3{6ZpL_`DLuvw@!RA!GMPDRPK`Nt@6`YIqwZtjNWioZ`__7_D|"
    "vjhoHc7O0jPg2k>mFEq0O?sgDY1E#gU|xJ%j?-iZst@7#mUS^fK^8^`ny@s$#2|1OoA|7!Ao"
    "00Hto)&"
)
_PAIR_TABLE = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII"
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII"
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII"
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP"
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP"
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII"
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII"
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI"
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD"
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD"
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI"
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD"
)
