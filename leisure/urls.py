from django.urls import path

from . import views

app_name = "leisure"
urlpatterns = [
    path("", views.find, name="find"),
    path("<int:pk>/", views.activity_detail, name="activity"),
    path("<int:pk>/choose/", views.activity_choose_view, name="choose"),
    path("participations/<int:pk>/", views.participation_detail, name="participation"),
    path("participations/<int:pk>/post/<slug:ready>/", views.ready_post_view, name="ready_post"),
    path("participations/<int:pk>/<slug:step>/", views.participation_step, name="participation_step"),
]
