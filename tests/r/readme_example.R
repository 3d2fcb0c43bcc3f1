# The R example of README.md, run by `nox -s r` (a test checks the two are the same code).
library(jsonlite)
library(readr)

# one table of the package, with the field types datapackage.json declares
read_table <- function(name, descriptor = "datapackage.json") {
  pkg <- fromJSON(descriptor, simplifyVector = FALSE)
  res <- Filter(function(r) r$name == name, pkg$resources)[[1]]
  collector <- list(string = col_character(), integer = col_integer(), boolean = col_logical(),
                    date = col_date(), number = col_double())
  types <- lapply(res$schema$fields, function(f) collector[[f$type]])
  names(types) <- vapply(res$schema$fields, function(f) f$name, "")
  read_csv(file.path(dirname(descriptor), res$path), col_types = do.call(cols, types), na = "")
}

meetings <- read_table("meetings")
statements <- read_table("statements")
table(merge(statements, meetings, by = "meeting_id")$speaker_side)
