from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report/", views.report, name="report"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
]
