"""The import engine (``engine``), value parsers as a person reads them (``parsers``), and
remembered column mappings (``mappings``). See docs/developer.md, "Declaring an import".
"""
