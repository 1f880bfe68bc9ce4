"""The daily situation report: its figures and files (report), services, selectors."""
