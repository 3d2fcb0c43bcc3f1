# Read the site's SQLite database (python -m etl site) in R with DBI + RSQLite, and check it against
# the data package: every table, its row count, primary and foreign keys, column types, full-text search.
# Usage: Rscript tests/r/load_sqlite.R site/readouts.db datapackage.json
suppressPackageStartupMessages({
  library(DBI)
  library(RSQLite)
  library(jsonlite)
  library(readr)
})

args <- commandArgs(trailingOnly = TRUE)
db <- if (length(args) > 0) args[[1]] else "site/readouts.db"
descriptor <- if (length(args) > 1) args[[2]] else "datapackage.json"
pkg <- fromJSON(descriptor, simplifyVector = FALSE)
con <- dbConnect(RSQLite::SQLite(), db, flags = RSQLite::SQLITE_RO)

problems <- character()
fail <- function(msg) problems <<- c(problems, msg)
tables <- list()
for (res in pkg$resources) {
  if (res$format != "csv") next
  name <- res$name
  if (!dbExistsTable(con, name)) { fail(paste(name, ": no such table")); next }
  df <- dbReadTable(con, name)
  csv <- read_csv(file.path(dirname(descriptor), res$path), col_types = cols(.default = col_character()),
                  progress = FALSE)
  if (nrow(df) != nrow(csv)) fail(sprintf("%s: %d rows in SQLite, %d in the CSV", name, nrow(df), nrow(csv)))
  info <- dbGetQuery(con, sprintf("pragma table_info('%s')", name))
  pk <- info[info$pk > 0, ]
  if (!identical(pk$name[order(pk$pk)], unlist(res$schema$primaryKey))) fail(paste(name, ": primary key differs"))
  fks <- dbGetQuery(con, sprintf("pragma foreign_key_list('%s')", name))
  if (length(unique(fks$id)) != length(res$schema$foreignKeys)) fail(paste(name, ": foreign keys differ"))
  for (f in res$schema$fields) {
    v <- df[[f$name]]
    if (is.null(v)) { fail(paste(name, f$name, ": missing column")); next }
    ok <- switch(f$type,
      integer = is.integer(v) || all(is.na(v)),
      boolean = all(v %in% c(0L, 1L, NA)),
      date = !any(is.na(as.Date(v[!is.na(v)], format = "%Y-%m-%d"))),
      TRUE)
    if (!ok) fail(sprintf("%s.%s: not readable as %s", name, f$name, f$type))
  }
  tables[[name]] <- df
  cat(sprintf("%-13s %6d rows\n", name, nrow(df)))
}

s <- tables$statements
if (nrow(s) > 0) {
  src <- setNames(tables$sources$text, tables$sources$meeting_id)
  if (!identical(unname(substr(src[s$meeting_id], s$char_start + 1, s$char_end)), s$text))
    fail("statements.text is not the slice of sources.text")
  needle <- substr(s$text[[1]], 3, 6)
  hits <- dbGetQuery(con, paste("select statement_id from statements where rowid in",
                                "(select rowid from statements_fts where statements_fts match ?)"),
                     params = list(paste0('"', needle, '"')))
  if (!(s$statement_id[[1]] %in% hits$statement_id)) fail("full-text search did not find a statement's own text")
}
m <- tables$meetings
if (!inherits(as.Date(m$date), "Date") || any(is.na(as.Date(m$date)))) fail("meetings.date did not read as dates")
dbDisconnect(con)

if (length(problems) > 0) {
  cat(paste("FAIL:", problems), sep = "\n")
  quit(status = 1)
}
cat("R: every table of the SQLite database read with DBI + RSQLite, keys and full-text search included\n")
