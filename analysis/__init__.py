"""Aggregation with disclosure control, statistics, charts and exports. No Streamlit."""
