from kassa.cli import app

app(prog_name="kassa")
