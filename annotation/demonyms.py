"""Nationality words and the canonical country names they stand for ("Russian" → "Russia").

Stance targets are canonical strings reused across quotes (ANNOTATION_SCHEME.md section 4), so a
quote about "Russian forces" and one about "Russia's invasion" share the target "Russia". Regional
and religious words ("European", "African", "Jewish") are not countries and are not listed.
"""

from __future__ import annotations

# "Demonym: Country" pairs, separated by semicolons.
_PAIRS = """
Afghan: Afghanistan; Albanian: Albania; Algerian: Algeria; American: United States;
Argentine: Argentina; Argentinian: Argentina; Armenian: Armenia; Australian: Australia;
Austrian: Austria; Azerbaijani: Azerbaijan; Bahraini: Bahrain; Bangladeshi: Bangladesh;
Belarusian: Belarus; Belgian: Belgium; Bolivian: Bolivia; Bosnian: Bosnia and Herzegovina;
Brazilian: Brazil; British: United Kingdom; Bulgarian: Bulgaria; Burmese: Burma;
Cambodian: Cambodia; Cameroonian: Cameroon; Canadian: Canada; Chadian: Chad; Chilean: Chile;
Chinese: China; Colombian: Colombia; Congolese: Democratic Republic of the Congo;
Costa Rican: Costa Rica; Croatian: Croatia; Cuban: Cuba; Cypriot: Cyprus; Czech: Czech Republic;
Danish: Denmark; Dominican: Dominican Republic; Dutch: Netherlands; Ecuadorian: Ecuador;
Egyptian: Egypt; Emirati: United Arab Emirates; Eritrean: Eritrea; Estonian: Estonia;
Ethiopian: Ethiopia; Fijian: Fiji; Filipino: Philippines; Finnish: Finland; French: France;
Georgian: Georgia; German: Germany; Ghanaian: Ghana; Greek: Greece; Guatemalan: Guatemala;
Haitian: Haiti; Honduran: Honduras; Hungarian: Hungary; Icelandic: Iceland; Indian: India;
Indonesian: Indonesia; Iranian: Iran; Iraqi: Iraq; Irish: Ireland; Israeli: Israel;
Italian: Italy; Jamaican: Jamaica; Japanese: Japan; Jordanian: Jordan; Kazakh: Kazakhstan;
Kenyan: Kenya; Kosovar: Kosovo; Kuwaiti: Kuwait; Kyrgyz: Kyrgyzstan; Latvian: Latvia;
Lebanese: Lebanon; Liberian: Liberia; Libyan: Libya; Lithuanian: Lithuania; Malawian: Malawi;
Malaysian: Malaysia; Malian: Mali; Maltese: Malta; Mexican: Mexico; Moldovan: Moldova;
Mongolian: Mongolia; Montenegrin: Montenegro; Moroccan: Morocco; Mozambican: Mozambique;
Nepali: Nepal; Nicaraguan: Nicaragua; Nigerian: Nigeria; Nigerien: Niger;
North Korean: North Korea; Norwegian: Norway; Omani: Oman; Pakistani: Pakistan;
Palestinian: Palestinians; Panamanian: Panama; Paraguayan: Paraguay; Peruvian: Peru;
Polish: Poland; Portuguese: Portugal; Qatari: Qatar; Romanian: Romania; Russian: Russia;
Rwandan: Rwanda; Salvadoran: El Salvador; Saudi: Saudi Arabia; Senegalese: Senegal;
Serbian: Serbia; Singaporean: Singapore; Slovak: Slovakia; Slovenian: Slovenia; Somali: Somalia;
South African: South Africa; South Korean: South Korea; South Sudanese: South Sudan;
Spanish: Spain; Sri Lankan: Sri Lanka; Sudanese: Sudan; Swedish: Sweden; Swiss: Switzerland;
Syrian: Syria; Taiwanese: Taiwan; Tajik: Tajikistan; Tanzanian: Tanzania; Thai: Thailand;
Tunisian: Tunisia; Turkish: Turkey; Turkmen: Turkmenistan; Ugandan: Uganda; Ukrainian: Ukraine;
Uruguayan: Uruguay; Uzbek: Uzbekistan; Venezuelan: Venezuela; Vietnamese: Vietnam;
Yemeni: Yemen; Zambian: Zambia; Zimbabwean: Zimbabwe;
Antiguan: Antigua and Barbuda; Santomean: Sao Tome and Principe; Trinidadian: Trinidad and Tobago;
Vincentian: Saint Vincent and the Grenadines
"""
DEMONYMS: dict[str, str] = dict(
    (part.split(":")[0].strip(), part.split(":")[1].strip())
    for part in _PAIRS.replace("\n", " ").split(";")
)


def country_of(name: str) -> str | None:
    """The country a nationality word or its plural names: "Russians" → "Russia"; else None."""
    if name in DEMONYMS:
        return DEMONYMS[name]
    return DEMONYMS.get(name[:-1]) if name.endswith("s") else None
