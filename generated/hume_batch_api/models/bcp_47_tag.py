from enum import Enum


class Bcp47Tag(str, Enum):
    DA = "da"
    DE = "de"
    EN = "en"
    EN_AU = "en-AU"
    EN_GB = "en-GB"
    EN_IN = "en-IN"
    EN_NZ = "en-NZ"
    ES = "es"
    ES_419 = "es-419"
    FR = "fr"
    FR_CA = "fr-CA"
    HI = "hi"
    HI_LATN = "hi-Latn"
    ID = "id"
    IT = "it"
    JA = "ja"
    KO = "ko"
    NL = "nl"
    NO = "no"
    PL = "pl"
    PT = "pt"
    PT_BR = "pt-BR"
    PT_PT = "pt-PT"
    RU = "ru"
    SV = "sv"
    TA = "ta"
    TR = "tr"
    UK = "uk"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
