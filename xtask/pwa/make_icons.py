"""Draws the app's icons once (they are committed): assets/icons/icon-192.png,
icon-512.png and icon-maskable-512.png, a white "R" on the accent blue of
style/tokens.css. The maskable one keeps the letter inside the central 80 % circle
(the safe zone) and fills the whole square, so a launcher may cut any shape from it.

    python3 -m venv target/iconenv && target/iconenv/bin/pip install Pillow
    target/iconenv/bin/python xtask/pwa/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "assets" / "icons"
FONT = ROOT / "assets" / "fonts" / "DejaVuSans-Bold.ttf"
ACCENT = (0x0B, 0x5C, 0xAD)  # --accent
WHITE = (0xFF, 0xFF, 0xFF)


def icon(size: int, maskable: bool) -> Image.Image:
    # Drawn 4x larger and scaled down, for smooth edges.
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=ACCENT)
        letter = big * 0.46  # well inside the safe circle of radius 0.4
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=ACCENT)
        letter = big * 0.66
    font = ImageFont.truetype(str(FONT), int(letter))
    draw.text((big / 2, big / 2), "R", font=font, fill=WHITE, anchor="mm")
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    for name, size, maskable in [("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True)]:
        icon(size, maskable).save(HERE / name, optimize=True)
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
