"""Core of the aftercare workshop toolkit. Never imports Streamlit."""
