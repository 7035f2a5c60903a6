"""The triage vignettes: clinical cases with the urgency, specialist and guideline each must get.

Read by the unit tests of the rules (``tests/unit/test_triage.py``) and by the book test of the
page's own evaluation of the same rules (``tests/book/test_explorable.py``).
"""

E, S, U, R = "emergency", "same_day", "urgent", "routine"

# (findings, urgency of the first recommendation, words in its specialist, its guideline key)
VIGNETTES = [
    # --- emergency: each red flag alone, then in company -----------------------------------------
    ({"breathless_or_chest_pain"}, E, "emergency", "nice2020vte"),
    ({"breathless_or_chest_pain", "swollen_red_calf"}, E, "emergency", "nice2020vte"),
    ({"breathless_or_chest_pain", "pregnancy", "night_or_rest"}, E, "emergency", "nice2020vte"),
    ({"compartment_signs"}, E, "orthopaedic", "boa_compartment"),
    (
        {"compartment_signs", "during_exercise", "calf_or_foot"},
        E,
        "orthopaedic",
        "boa_compartment",
    ),
    ({"cast_toes_numb"}, E, "orthopaedic", "boa_compartment"),  # GP audit S3-I
    ({"injury_or_cast", "severe_muscle_pain"}, E, "orthopaedic", "boa_compartment"),
    ({"injury_or_cast", "swollen_red_calf"}, S, "same day", "nice2020vte"),  # GP audit 3, S3-3
    ({"endurance_exercise_illness"}, E, "emergency", "hewbutler2015"),
    (
        {"endurance_exercise_illness", "during_exercise", "calf_or_foot"},
        E,
        "emergency",
        "hewbutler2015",
    ),
    (
        {"endurance_exercise_illness", "widespread_cramps", "during_exercise"},
        E,
        "emergency",
        "hewbutler2015",
    ),
    ({"sickle_cell_trait", "during_exercise", "widespread_cramps"}, E, "emergency", "casa2012"),
    # tetany: a spasm that does not settle, or tingling with a danger sign (audit 3, S1-1)
    ({"hand_spasm"}, E, "emergency", "turner2016"),
    ({"hand_spasm", "tingling_lips_fingers"}, E, "emergency", "turner2016"),
    ({"hand_spasm", "proton_pump_inhibitor"}, E, "emergency", "turner2016"),
    ({"tingling_lips_fingers", "recent_neck_surgery"}, E, "emergency", "turner2016"),
    ({"hand_spasm", "breathing_or_swallowing_trouble"}, E, "emergency", "leonhard2019"),
    ({"tingling_lips_fingers", "loss_of_consciousness"}, E, "emergency", "nhs_seizure_first_aid"),
    ({"tingling_lips_fingers", "known_low_calcium"}, E, "emergency", "turner2016"),  # GP audit 5
    ({"hand_spasm", "known_low_calcium"}, E, "emergency", "turner2016"),
    (
        {"loss_of_consciousness", "known_epilepsy_usual_seizure", "tingling_lips_fingers"},
        E,
        "emergency",
        "turner2016",
    ),
    (
        {"loss_of_consciousness", "known_epilepsy_usual_seizure", "known_low_calcium"},
        E,
        "emergency",
        "turner2016",
    ),
    # sudden weakness or numbness: possible stroke (audit 3, S1-2), even on a statin or a diuretic
    ({"sudden_weakness_numbness_speech"}, E, "emergency", "nice2019stroke"),
    ({"sudden_weakness_numbness_speech", "statin"}, E, "emergency", "nice2019stroke"),
    (
        {"sudden_weakness_numbness_speech", "weakness", "diuretic"},
        E,
        "emergency",
        "nice2019stroke",
    ),
    ({"weakness_worsening"}, E, "emergency", "leonhard2019"),
    ({"breathing_or_swallowing_trouble"}, E, "emergency", "leonhard2019"),
    ({"weakness", "weakness_worsening", "back_pain_to_leg"}, E, "emergency", "leonhard2019"),
    ({"back_pain_red_flags", "weakness"}, E, "emergency", "nice2023mscc"),
    # NG234: radicular pain with suspected spinal metastases is a neurological symptom: at once
    ({"back_pain_red_flags", "back_pain_to_leg"}, E, "emergency", "nice2023mscc"),
    (
        {"back_pain_red_flags", "ascending_tingling"},
        E,
        "emergency",
        "nice2023mscc",
    ),  # sensory loss
    ({"back_pain_red_flags", "new_numbness_one_leg"}, E, "emergency", "nice2023mscc"),
    ({"dark_urine", "weakness"}, E, "emergency", "bosch2009"),
    ({"dark_urine", "severe_muscle_pain", "during_exercise"}, E, "emergency", "bosch2009"),
    ({"dark_urine", "extreme_exertion"}, E, "emergency", "bosch2009"),  # S3-8
    ({"sudden_cold_pale_leg"}, E, "vascular", "bjorck2020"),
    ({"saddle_numbness"}, E, "spinal", "girft2023ces"),
    ({"back_pain_both_legs"}, E, "spinal", "girft2023ces"),  # pain into both legs (GIRFT CES)
    (
        {"back_pain_to_leg", "ascending_tingling"},
        E,
        "spinal",
        "girft2023ces",
    ),  # sciatica, spreading numbness
    ({"sexual_change", "back_pain_to_leg"}, E, "spinal", "girft2023ces"),
    ({"sexual_change", "leg_pain_walking_relieved_by_sitting"}, E, "spinal", "girft2023ces"),
    ({"injury_or_cast", "new_numbness_one_leg"}, E, "orthopaedic", "boa_compartment"),
    ({"back_pain_both_legs", "back_pain_to_leg"}, E, "spinal", "girft2023ces"),
    ({"bladder_bowel_change", "back_pain_to_leg"}, E, "spinal", "girft2023ces"),
    ({"loss_of_consciousness"}, E, "emergency", "nhs_seizure_first_aid"),
    ({"palpitations", "dialysis"}, E, "emergency", "ukka2020hyperkalaemia"),
    (
        {"weakness", "dialysis"},
        S,
        "kidney",
        "ukka2020hyperkalaemia",
    ),  # gradual weakness (GP audit 4, S4-j)
    ({"weakness_worsening", "dialysis"}, E, "emergency", "leonhard2019"),  # GP audit S2-B
    (
        {"widespread_cramps", "weakness"},
        S,
        "potassium",
        "ukka2020hyperkalaemia",
    ),  # GP audit 3, S3-6
    (
        {"recent_birth", "loss_of_consciousness", "known_epilepsy_usual_seizure"},
        E,
        "obstetrics",
        "rcog2016epilepsy",
    ),  # GP 4, N1
    (
        {"sickle_cell_trait", "extreme_exertion", "widespread_cramps"},
        E,
        "emergency",
        "casa2012",
    ),  # N5
    ({"extreme_exertion", "widespread_cramps"}, S, "same day", "miller2022"),  # GP audit 4, N5
    (
        {"diabetes", "red_hot_swollen_foot", "ischaemic_rest_pain"},
        E,
        "diabetic foot",
        "nice2015diabetesfoot",
    ),  # N6
    ({"fever_unwell_foot", "ischaemic_rest_pain"}, E, "vascular", "conte2019"),  # GP audit 4, N6
    (
        {"calf_pain_walking_relieved_by_rest", "foot_sore"},
        S,
        "vascular",
        "vsgbi2019pad",
    ),  # GP audit 5, S3-N1
    (
        {"diabetes", "calf_pain_walking_relieved_by_rest", "foot_sore"},
        E,
        "diabetic foot",
        "nice2015diabetesfoot",
    ),
    (
        {"diabetes", "red_hot_swollen_foot", "pale_cold_foot_weak_pulses"},
        E,
        "diabetic foot",
        "nice2015diabetesfoot",
    ),  # S3-N3
    ({"recent_neck_surgery", "calf_or_foot"}, S, "calcium", "turner2016"),  # GP audit 5, S3-N2
    (
        {"recent_neck_surgery", "loss_of_consciousness", "known_epilepsy_usual_seizure"},
        E,
        "emergency",
        "turner2016",
    ),  # GP 6, S1-1
    (
        {"diabetes", "red_hot_swollen_foot", "calf_pain_walking_relieved_by_rest"},
        E,
        "diabetic foot",
        "nice2015diabetesfoot",
    ),  # S3-1
    (
        {"fever_unwell_foot", "foot_sore", "calf_pain_walking_relieved_by_rest"},
        E,
        "vascular",
        "conte2019",
    ),
    (
        {"extreme_exertion", "severe_muscle_pain"},
        S,
        "muscle enzyme",
        "bosch2009",
    ),  # reader 5, U-2: not compartment syndrome
    ({"extreme_exertion", "weakness"}, S, "muscle enzyme", "bosch2009"),
    (
        {"pregnancy", "loss_of_consciousness"},
        E,
        "obstetrics",
        "rcog2016epilepsy",
    ),  # GP audit 5, S4-N1
    (
        {"injury_or_cast", "widespread_cramps", "sickle_cell_trait", "night_or_rest"},
        R,
        "stretching",
        "nice_cks_leg_cramps",
    ),  # S4-N2
    ({"diabetes", "black_toes"}, E, "diabetic foot", "nice2015diabetesfoot"),  # GP audit S1-A
    (
        {"diabetes", "foot_sore", "pale_cold_foot_weak_pulses"},
        E,
        "diabetic foot",
        "nice2015diabetesfoot",
    ),
    ({"foot_sore", "red_hot_swollen_foot"}, S, "same day", "nhs_cellulitis"),  # GP audit 3, S2-1
    ({"fever_unwell_foot"}, S, "same day", "nhs_cellulitis"),
    ({"diabetes", "fever_unwell_foot"}, E, "diabetic foot", "nice2015diabetesfoot"),
    ({"black_toes", "red_hot_swollen_foot"}, E, "vascular", "conte2019"),
    ({"black_toes", "fever_unwell_foot"}, E, "vascular", "conte2019"),
    ({"red_hot_swollen_foot"}, S, "same day", "nhs_cellulitis"),  # GP audit 3, S1-3
    ({"hot_swollen_joint"}, S, "joint fluid", "coakley2006"),
    ({"hot_swollen_joint", "joint_or_foot_problem"}, S, "joint fluid", "coakley2006"),
    (
        {"bladder_bowel_change", "numbness_tingling_legs"},
        E,
        "spinal",
        "girft2023ces",
    ),  # GP audit 3, S1-1
    ({"bladder_bowel_change", "weakness"}, E, "spinal", "girft2023ces"),
    (
        {"sickle_cell_trait", "during_exercise", "weakness"},
        E,
        "emergency",
        "casa2012",
    ),  # GP audit 3, S1-2
    ({"sickle_cell_trait", "during_exercise", "severe_muscle_pain"}, E, "emergency", "casa2012"),
    (
        {"new_confusion", "diuretic", "night_or_rest"},
        E,
        "emergency",
        "ball2016",
    ),  # GP audit 3, S1-4
    (
        {"pregnancy", "loss_of_consciousness", "known_epilepsy_usual_seizure"},
        E,
        "obstetrics",
        "rcog2016epilepsy",
    ),  # S1-5
    ({"ischaemic_rest_pain", "red_hot_swollen_foot"}, S, "vascular", "vsgbi2019pad"),
    ({"ascending_tingling", "weakness"}, E, "emergency", "leonhard2019"),
    (
        {"quinine_use", "quinine_bruising_bleeding_fever", "quinine_little_urine"},
        E,
        "emergency",
        "mhra_quinine",
    ),
    ({"jaw_stiffness_after_wound"}, E, "emergency", "ukhsa2024tetanus"),
    # --- same day --------------------------------------------------------------------------------
    ({"tingling_lips_fingers"}, S, "calcium", "turner2016"),
    ({"tingling_lips_fingers", "proton_pump_inhibitor"}, S, "calcium", "turner2016"),
    ({"known_low_calcium", "calf_or_foot"}, S, "low calcium", "turner2016"),  # GP audit 5
    ({"severe_muscle_pain"}, S, "same day", "bosch2009"),
    ({"severe_muscle_pain", "during_exercise", "calf_or_foot"}, S, "same day", "bosch2009"),
    ({"dark_urine"}, S, "same day", "bosch2009"),
    ({"dark_urine", "during_exercise"}, S, "same day", "bosch2009"),
    ({"weakness", "statin"}, S, "creatine kinase", "stroes2015"),
    ({"severe_muscle_pain", "statin"}, S, "same day", "bosch2009"),
    ({"weakness", "diuretic"}, S, "potassium", "ukka2020hyperkalaemia"),
    ({"weakness", "kidney_disease"}, S, "potassium", "ukka2020hyperkalaemia"),
    ({"swollen_red_calf"}, S, "same day", "nice2020vte"),
    ({"swollen_red_calf", "pregnancy", "night_or_rest"}, S, "same day", "nice2020vte"),
    ({"swollen_red_calf", "statin", "night_or_rest"}, S, "same day", "nice2020vte"),
    ({"quinine_use", "quinine_bruising_bleeding_fever"}, S, "stop quinine", "mhra_quinine"),
    ({"quinine_little_urine"}, S, "stop quinine", "mhra_quinine"),
    ({"palpitations"}, S, "ecg", "nice_cks_palpitations"),
    ({"palpitations", "diuretic"}, S, "ecg", "nice_cks_palpitations"),  # audit 3, S3-2
    ({"palpitations", "kidney_disease"}, S, "ecg", "nice_cks_palpitations"),
    ({"widespread_cramps", "during_exercise"}, S, "medical team", "miller2022"),  # audit 3, S3-1
    ({"back_pain_red_flags"}, S, "spinal", "nice2023mscc"),
    ({"diabetes", "foot_sore"}, S, "foot", "nice2015diabetesfoot"),
    ({"diabetes", "red_hot_swollen_foot"}, S, "foot", "nice2015diabetesfoot"),  # GP audit 2, S1-1
    ({"ascending_tingling"}, S, "same day", "leonhard2019"),  # GP audit 2, S3-4
    ({"ischaemic_rest_pain"}, S, "vascular", "vsgbi2019pad"),  # GP audit S1-B
    ({"black_toes"}, S, "vascular", "vsgbi2019pad"),
    ({"foot_sore", "pale_cold_foot_weak_pulses"}, S, "vascular", "vsgbi2019pad"),
    ({"diabetes", "ischaemic_rest_pain"}, S, "vascular", "vsgbi2019pad"),
    ({"calf_pop", "during_exercise"}, S, "emergency department", "boyd2015"),  # GP audit S3-H
    ({"tingling_lips_fingers", "palpitations"}, S, "calcium", "turner2016"),  # GP audit S3-A
    ({"swollen_red_calf", "severe_muscle_pain"}, S, "same day", "nice2020vte"),  # GP audit S3-B
    # --- urgent ----------------------------------------------------------------------------------
    ({"muscle_wasting"}, U, "neurology", "nice2016mnd"),
    ({"fasciculations", "weakness"}, U, "neurology", "nice2016mnd"),
    ({"muscle_wasting", "fasciculations", "statin"}, U, "neurology", "nice2016mnd"),
    ({"weakness"}, U, "neurology", "nice2019neuro"),
    ({"neck_lump"}, U, "suspected-cancer", "nice2015cancer"),
    ({"neck_lump", "thyroid_symptoms"}, U, "suspected-cancer", "nice2015cancer"),
    # --- routine, with the right specialist (over-triage traps) ----------------------------------
    ({"night_or_rest", "calf_or_foot"}, R, "stretching", "nice_cks_leg_cramps"),
    ({"night_or_rest", "thigh"}, R, "stretching", "nice_cks_leg_cramps"),
    ({"calf_or_foot", "diuretic", "night_or_rest"}, R, "medicines review", "nice_cks_leg_cramps"),
    ({"kidney_disease", "night_or_rest"}, R, "nephrology", "nice_cks_leg_cramps"),
    ({"night_or_rest", "calf_or_foot", "thigh"}, R, "stretching", "nice_cks_leg_cramps"),
    ({"during_exercise", "calf_or_foot"}, R, "sports", "nice_cks_leg_cramps"),
    ({"during_exercise", "thigh"}, R, "sports", "nice_cks_leg_cramps"),
    ({"during_exercise", "calf_or_foot", "one_leg_only"}, R, "examination", "nice_cks_leg_cramps"),
    ({"pregnancy", "night_or_rest"}, R, "midwife", "nice_cks_leg_cramps"),
    ({"calf_pain_walking_relieved_by_rest"}, R, "vascular", "nice2012pad"),
    ({"calf_pain_walking_relieved_by_rest", "night_or_rest"}, R, "vascular", "nice2012pad"),
    ({"pale_cold_foot_weak_pulses", "diabetes"}, R, "vascular", "nice2012pad"),
    (
        {"pale_cold_foot_weak_pulses", "night_or_rest", "calf_or_foot"},
        R,
        "vascular",
        "nice2012pad",
    ),  # no rest pain
    ({"foot_sore"}, R, "wound", "nice2012pad"),
    (
        {"muscle_soreness", "during_exercise", "calf_or_foot"},
        R,
        "self-care",
        "nice_cks_leg_cramps",
    ),  # GP S2-A
    ({"one_leg_only", "night_or_rest"}, R, "examination", "nice_cks_leg_cramps"),
    ({"bladder_bowel_change"}, E, "spinal", "girft2023ces"),  # GP audit 3, S1-1
    ({"leg_pain_walking_relieved_by_sitting"}, R, "spinal", "nice_cks_leg_cramps"),
    ({"back_pain_to_leg"}, R, "spinal", "nice_cks_leg_cramps"),
    ({"numbness_tingling_legs"}, R, "neurology", "nice_cks_leg_cramps"),
    ({"numbness_tingling_legs", "diabetes"}, R, "neurology", "nice_cks_leg_cramps"),
    ({"thyroid_symptoms"}, R, "endocrinology", "nice_cks_leg_cramps"),
    ({"predictable_exercise_tightness", "during_exercise"}, R, "sports medicine", "tucker2010"),
    ({"statin", "night_or_rest"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"statin", "night_or_rest", "calf_or_foot"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"diuretic", "night_or_rest"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"beta_agonist_inhaler", "night_or_rest"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"quinine_use", "night_or_rest"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"proton_pump_inhibitor"}, R, "pharmacist", "nice_cks_leg_cramps"),
    ({"kidney_disease"}, R, "nephrology", "nice_cks_leg_cramps"),
    ({"dialysis", "night_or_rest"}, R, "nephrology", "nice_cks_leg_cramps"),
    ({"cirrhosis", "diuretic"}, R, "hepatology", "nice_cks_leg_cramps"),
    ({"varicose_veins", "night_or_rest"}, R, "vein", "nice_cks_leg_cramps"),
    ({"varicose_veins"}, R, "vein", "nice_cks_leg_cramps"),
    ({"joint_or_foot_problem"}, R, "orthopaedics", "nice_cks_leg_cramps"),
    ({"widespread_cramps"}, R, "primary care", "nice_cks_leg_cramps"),
    ({"sickle_cell_trait", "during_exercise", "calf_or_foot"}, R, "sports", "nice_cks_leg_cramps"),
    # twitching with normal strength is not referred (audit 3, S2-1; NICE NG127)
    ({"fasciculations"}, R, "primary care", "nice2019neuro"),
    ({"fasciculations", "during_exercise", "calf_or_foot"}, R, "primary care", "nice2019neuro"),
    # the usual seizure of someone with known epilepsy needs no ambulance (audit 3, S4-1)
    (
        {"loss_of_consciousness", "known_epilepsy_usual_seizure"},
        R,
        "epilepsy team",
        "nhs_seizure_first_aid",
    ),
    (set(), R, "primary care", "nice_cks_leg_cramps"),
]
