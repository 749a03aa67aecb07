"""Load simulator (`python -m benchmarks.load`): many phones doing the real participant flow over Streamlit's own protocol.

    python -m benchmarks.load --url http://127.0.0.1:8501 --participants 300 --session ABC234
    python -m benchmarks.load --start-app --participants 300 --think 0 --baseline

Each simulated participant is a real server session (loadtest.client):
it joins by code, consents, answers every question with a think time, and
finishes. A facilitator dashboard session refreshes during the run when
--dashboard is given. With --question-pollers N, the first N participants
instead open the anonymous question box and poll its approved list (and
upvote once) while the others answer; started apps get --seed-questions
approved questions to list. The report (table and JSON) gives completions, answers
sent and answers stored (read back from the database), errors, latency
percentiles, server CPU and memory, and, with --baseline, the same figures
for a bare Streamlit page (benchmarks/bare_app.py) on the same machine so
results can be read as ratios.

Traffic goes only to loopback; every loop is bounded in count and time.
"""

from benchmarks.load.cli import main
from benchmarks.load.crowd import Config, Person, Stats, participant_flow
from benchmarks.load.runner import run, table

__all__ = ["Config", "Person", "Stats", "main", "participant_flow", "run", "table"]
