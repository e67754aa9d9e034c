"""Character classes shared by the parsers, the segmenter and the lexicons (no imports: cheap at start-up)."""

# CJK unified ideographs (with extension A and compatibility ideographs): what "Han text" means here.
HAN_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
