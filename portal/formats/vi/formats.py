"""Vietnamese number formats where Django's own leave grouping unset: amounts
in đồng are grouped by thousands with a dot (15.000 đồng), as Vietnamese
writes them. Everything else comes from Django's vi formats."""

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
