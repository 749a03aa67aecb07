"""Load simulator, storage benchmark and the baseline app they compare against."""
