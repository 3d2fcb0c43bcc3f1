# Load every CSV resource of the data package in R with readr, using the
# declared field types, and check row counts, dates, keys and Japanese text.
# Usage: Rscript tests/r/load_package.R datapackage.json
suppressPackageStartupMessages({
  library(jsonlite)
  library(readr)
})

args <- commandArgs(trailingOnly = TRUE)
descriptor <- if (length(args) > 0) args[[1]] else "datapackage.json"
pkg <- fromJSON(descriptor, simplifyVector = FALSE)
base <- dirname(descriptor)

col_for <- function(type) {
  switch(type,
    string = col_character(), integer = col_integer(), boolean = col_logical(),
    date = col_date(format = "%Y-%m-%d"), number = col_double(),
    stop(paste("unknown type", type)))
}

problems <- character()
fail <- function(msg) problems <<- c(problems, msg)
tables <- list()
for (res in pkg$resources) {
  if (res$format != "csv") next
  fields <- res$schema$fields
  types <- setNames(lapply(fields, function(f) col_for(f$type)), vapply(fields, function(f) f$name, ""))
  df <- read_csv(file.path(base, res$path), col_types = do.call(cols, types), na = "",
                 locale = locale(encoding = "UTF-8"), progress = FALSE)
  if (nrow(problems(df)) > 0) fail(paste(res$name, ": readr reported parse problems"))
  key <- unlist(res$schema$primaryKey)
  if (length(key) > 0 && anyDuplicated(as.data.frame(df[, key, drop = FALSE])) > 0) fail(paste(res$name, ": duplicate primary key"))
  tables[[res$name]] <- df
  cat(sprintf("%-13s %6d rows\n", res$name, nrow(df)))
}

m <- tables$meetings
if (nrow(m) == 0) fail("meetings: no rows")
if (nrow(m) != nrow(tables$sources)) fail("meetings and sources differ in row count")
if (!inherits(m$date, "Date") || any(is.na(m$date))) fail("meetings.date did not load as dates")
if (any(m$date < as.Date("1945-09-02"))) fail("meetings.date out of range")
if (!all(tables$statements$meeting_id %in% m$meeting_id)) fail("statements.meeting_id not in meetings")
if (!is.integer(tables$statements$char_start)) fail("statements.char_start is not integer")
kaidan <- "\u4f1a\u8ac7"  # 会談
if (!any(grepl(kaidan, m$title, fixed = TRUE))) fail("Japanese text did not arrive intact (no 会談 in titles)")
s <- tables$statements
src <- setNames(tables$sources$text, tables$sources$meeting_id)
sliced <- substr(src[s$meeting_id], s$char_start + 1, s$char_end)
if (!identical(unname(sliced), s$text)) fail("statements.text is not the slice of sources.text in R")

if (length(problems) > 0) {
  cat(paste("FAIL:", problems), sep = "\n")
  quit(status = 1)
}
cat("R: all resources loaded with their declared types\n")
