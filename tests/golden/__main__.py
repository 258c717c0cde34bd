from . import golden_path, rendered_pages

for page, text in rendered_pages().items():
    golden_path(page).write_text(text, encoding="utf-8")
    print(f"wrote {golden_path(page)}")
