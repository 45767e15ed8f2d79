urlpatterns: list = []  # placeholder, filled by its owner
