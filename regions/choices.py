from django.db import models
from django.utils.translation import gettext_lazy as _


class AdminLevel(models.TextChoices):
    """Levels of the Kemendagri administrative tree (DOMAIN.md §6.1)."""

    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten/Kota")
    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa/Kelurahan")


class VillageType(models.TextChoices):
    """A desa (elected Kepala Desa) or a kelurahan (appointed Lurah), from the code's 4th segment."""

    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")


class ElectionKind(models.TextChoices):
    """What an election elects: a regional head (Pilkada), the national vote (Pemilu), or a rerun."""

    PILKADA = "pilkada", _("Pilkada (pemilihan kepala daerah)")
    PEMILU = "pemilu", _("Pemilu (presiden dan legislatif)")
    PSU = "psu", _("PSU / Pilkada ulang")


class PhaseCode(models.TextChoices):
    """Election phases (tahapan) of a Pilkada, PKPU 2/2024 (DOMAIN.md §6.6)."""

    PERSIAPAN = "persiapan", _("Persiapan")
    PEMUTAKHIRAN_DATA_PEMILIH = "pemutakhiran_data_pemilih", _("Pemutakhiran data pemilih")
    PRA_KAMPANYE = "pra_kampanye", _("Pra-kampanye")
    PENCALONAN = "pencalonan", _("Pencalonan")
    KAMPANYE = "kampanye", _("Kampanye")
    MASA_TENANG = "masa_tenang", _("Masa tenang")
    DISTRIBUSI_LOGISTIK = "distribusi_logistik", _("Distribusi logistik")
    PEMUNGUTAN_SUARA = "pemungutan_suara", _("Pemungutan suara")
    PENGHITUNGAN_SUARA = "penghitungan_suara", _("Penghitungan suara")
    REKAPITULASI = "rekapitulasi", _("Rekapitulasi")
    PSU_PSS = "psu_pss", _("Pemungutan/penghitungan suara ulang")
    SENGKETA_HASIL = "sengketa_hasil", _("Sengketa hasil")
    PENETAPAN_CALON_TERPILIH = "penetapan_calon_terpilih", _("Penetapan calon terpilih")
    PELANTIKAN = "pelantikan", _("Pelantikan")
