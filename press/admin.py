from press import admin_delivery  # noqa: F401 - the delivery report
