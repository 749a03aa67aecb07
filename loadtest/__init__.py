"""Drive the app as phones and facilitators do, over Streamlit's own protocol.

Test infrastructure shared by tests/ and benchmarks/: `client` speaks the
websocket protocol (`page` is the element tree it rebuilds, `widgets` the values it
sends), `launch` starts and stops `streamlit run`, `walker` plans
each participant screen from the page itself, `facilitator` signs in and opens
a session's live view. Nothing here imports the app's own packages.
"""
