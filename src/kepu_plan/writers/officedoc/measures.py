"""Measures and fonts of an official document (GB/T 9704-2012), in Word's units.

The figures follow GB/T 9704-2012 (党政机关公文格式): A4, a 156 × 225 mm text block, 22 lines of 28
characters in 三号仿宋, the title in 二号小标宋, page numbers in 四号 with dashes.
"""

from __future__ import annotations

TWIPS_PER_MM = 1440 / 25.4
A4_TWIPS = (11906, 16838)  # 210 × 297 mm
#: top, bottom, left, right: a 156 × 225 mm text block.
MARGINS_TWIPS = {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}
#: Landscape pages (tables): the portrait page turned a quarter clockwise (GB/T 9704-2012 10.1: the
#: table's head on the binding edge), so each margin is the one that stood there in portrait: the
#: binding edge's 28 mm on top, the head's 37 mm on the right, the foot's 35 mm on the left.
LANDSCAPE_MARGINS_TWIPS = {"top": 1587, "bottom": 1474, "left": 1984, "right": 2098}
#: Titles get their own exact spacing: two lines of 二号 (22 pt) type on the body's 28.95 pt would
#: nearly touch; 35 pt (1.6 × the type) is the usual 公文 title spacing.
TITLE_LINE = 700
LINE_PITCH = 579  # exact line spacing in twips (28.95 pt): 22 lines fill the 225 mm block
BODY_SIZE = 32  # half-points: 三号 16 pt
TITLE_SIZE = 44  # 二号 22 pt
PAGE_NUMBER_SIZE = 28  # 四号 14 pt
CHAR_TWIPS = 320  # one 三号 character
#: Body characters are set 98 % wide (15.68 pt), so 28 fill the 156 mm line (16 pt gives 27).
#: Condensing by 0.25 pt (`w:spacing -5`) also gives 28, but LibreOffice then drops the punctuation
#: mark that hangs at the end of a justified line (19 、，。 missing from the 2025 plan's PDF).
BODY_SCALE = 98
HEADER_DISTANCE = 851  # 15 mm
FOOTER_DISTANCE = 1417  # 25 mm: the page number's dash ~7 mm below the text block
#: What keeps the page number just below the text block on any page: the bottom margin less this.
PAGE_NUMBER_GAP = MARGINS_TWIPS["bottom"] - FOOTER_DISTANCE

LATIN_FONT = "Times New Roman"
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

#: The text block's width on an A4 portrait page (156 mm), where no document says otherwise.
TEXT_BLOCK_TWIPS = A4_TWIPS[0] - MARGINS_TWIPS["left"] - MARGINS_TWIPS["right"]
