from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from core import faults, views
from core.i18n import language_codes
from images import views as image_views
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS
from news.sitemaps import news_sitemap
from organization.sitemaps import SITEMAPS as ORGANIZATION_SITEMAPS
from pagecache.decorators import cache_public_page
from pages.sitemaps import SITEMAPS as SITE_SITEMAPS
from pages.sitemaps import sitemap, sitemap_index
from pages.views import HomeView
from reviews.views import outside_review

# Every public page of the site, in every language it exists in.
SITEMAPS = {**SITE_SITEMAPS, **ORGANIZATION_SITEMAPS, **NEWS_SITEMAPS}

urlpatterns = [
    # Before the admin, whose catch-all would answer these addresses.
    path("admin/ckeditor/", include("news.upload_urls")),
    # Second factor: verify, enrol, each person's "Sign-in security" page,
    # and django-otp-webauthn's passkey ceremonies.
    path("admin/security/", include("twofactor.urls")),
    path("admin/security/passkeys/", include("twofactor.webauthn")),
    path("admin/", admin.site.urls),
    # Single sign-on (OpenID Connect): start, callback, sign-out.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # The mail provider's bounce and complaint webhooks (press/webhooks.py).
    path("press/", include("press.webhook_urls")),
    path("healthz", views.healthz, name="healthz"),
    # Outside reviewers' secret links, in the reader's own language.
    path("review/<str:token>/", outside_review, name="outside-review"),
    # Document downloads: one address for every language of the site.
    path("documents/", include("documents.urls")),
    # Library images: 404 until something public uses them (images.files).
    path("library/", include("images.urls")),
    path("robots.txt", cache_public_page(views.robots_txt), name="robots-txt"),
    # An index of the sections, each in pages of at most its sitemap's limit:
    # one file for all would outgrow the protocol's 50,000 addresses.
    path(
        "sitemap.xml",
        cache_public_page(sitemap_index),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    # Google News' sitemaps (news:news elements), before the sections.
    *(
        path(
            f"sitemap-news-{code}.xml",
            cache_public_page(news_sitemap),
            {"language": code},
            name=f"news-sitemap-{code}",
        )
        for code in language_codes()
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap, query=("p",)),
        {"sitemaps": SITEMAPS},
        # The name the index reverses.
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("", include("organization.urls")),
    path("", include("news.urls")),
    path("", include("press.urls")),
    path("", include("pages.urls")),
)

urlpatterns += [
    # Library files moved out of MEDIA_ROOT (issue 19): their old addresses
    # lead to the library's view (a proxy serving MEDIA_ROOT passes
    # /media/images/ on to the app; see the README).
    re_path(
        r"^{}(?P<name>images/.+)$".format(settings.MEDIA_URL.lstrip("/")),
        image_views.moved_file,
    )
]

if settings.SERVE_MEDIA:
    # Production serves media from its storage (S3, a CDN or the proxy);
    # this is for local runs and single-machine set-ups.
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
            faults.serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = faults.server_error
