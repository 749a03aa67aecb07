"""Streamlit helpers used only by staff pages."""
