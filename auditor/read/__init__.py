"""Reading a page: decode, parse, normalize, language, Chinese tokens, lexicons, segments."""
