"""Views of the records: the derivation pages (:mod:`.pages`) and the forward-vs-reverse figures (:mod:`.figures`)."""
