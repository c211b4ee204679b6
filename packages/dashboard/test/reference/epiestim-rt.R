# Reference values of Rt from EpiEstim itself, for test/core/reproduction-number.test.ts.
# Reads weekly-incidence.csv (written by weekly-incidence.ts from our weekly incidence) and
# writes epiestim-rt.csv: for Guinea, Liberia and Sierra Leone and every window of 1 to 6
# weeks, EpiEstim's Mean(R), Quantile.0.025(R) and Quantile.0.975(R) of
# estimate_R(method = "parametric_si"), serial interval gamma mean 15.3 d, SD 9.3 d in weeks,
# prior gamma mean 5, SD 5 (EpiEstim's default). Run by hand when the method changes
# (needs R and EpiEstim; Debian: apt-get install r-cran-epiestim), from the repository root:
#   Rscript packages/dashboard/test/reference/epiestim-rt.R
suppressPackageStartupMessages(library(EpiEstim))

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
incidence <- read.csv(file.path(here, "weekly-incidence.csv"), stringsAsFactors = FALSE)
incidence <- incidence[!is.na(incidence$rt_input), ]

rows <- list()
for (country in unique(incidence$country)) {
  weeks <- incidence[incidence$country == country, ]
  I <- weeks$rt_input
  T <- length(I)
  for (window in 1:6) {
    t_start <- seq(2, T - window + 1)
    t_end <- t_start + window - 1
    config <- make_config(list(
      mean_si = 15.3 / 7, std_si = 9.3 / 7,
      mean_prior = 5, std_prior = 5,
      t_start = t_start, t_end = t_end
    ))
    R <- suppressWarnings(estimate_R(I, method = "parametric_si", config = config))$R
    rows[[length(rows) + 1]] <- data.frame(
      country = country,
      window = window,
      week_ending = weeks$week_ending[R$t_end],
      mean = R[["Mean(R)"]],
      lower = R[["Quantile.0.025(R)"]],
      upper = R[["Quantile.0.975(R)"]]
    )
  }
}
out <- do.call(rbind, rows)
file <- file.path(here, "epiestim-rt.csv")
writeLines(c(
  sprintf("# EpiEstim %s on %s: estimate_R(method = \"parametric_si\"), mean_si = 15.3/7, std_si = 9.3/7, mean_prior = 5, std_prior = 5",
          as.character(packageVersion("EpiEstim")), R.version.string),
  "# input: weekly-incidence.csv (rt_input); written by epiestim-rt.R, do not edit"
), file)
num <- function(x) ifelse(is.na(x), "", trimws(formatC(x, digits = 15, format = "g")))
body <- data.frame(country = out$country, window = out$window, week_ending = out$week_ending,
                   mean = num(out$mean), lower = num(out$lower), upper = num(out$upper))
suppressWarnings(write.table(body, file, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
cat("wrote", file, "\n")
