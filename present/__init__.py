"""What a page and a meeting pack both show, without Streamlit (docs/architecture.md, "Rooms")."""
