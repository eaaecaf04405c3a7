from rest_framework.routers import DefaultRouter

from exercises.apis import EquipmentViewSet, ExerciseViewSet, MuscleGroupViewSet

router = DefaultRouter()
router.register("exercises", ExerciseViewSet, basename="exercise")
router.register("muscle-groups", MuscleGroupViewSet, basename="muscle-group")
router.register("equipment", EquipmentViewSet, basename="equipment")
