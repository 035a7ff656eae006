"""Moving an office's records in and out as spreadsheets (.xlsx and .csv).

`reading` turns an uploaded file into rows, refusing hostile files before parsing;
`columns` and `values` match headers and read cells the way Indonesian offices write
them; `engine` validates and writes a whole file in one transaction through the
domain's own operations; `exporting` writes lists out with formulas neutralised.
One module per kind of record (`clients`, ...) says which columns it has and which
operations it calls.
"""
