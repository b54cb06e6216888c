"""The web app's routes, one module per resource (each an APIRouter): every
page calls a ``views`` data function and renders it; the same function
answers its JSON under /api/ and the page's CSV and JSON downloads."""
