"""Models of the incidents app (filled by its issue)."""
