// mesogrid/plan/safety.hpp: the safety content of facial mesotherapy that every plan is read with: who may be
// treated, contraindications, what to do before and after a session, side effects and session facts, each with
// its source and how strong the evidence is (the reference article and the sources of clinical.md §5 and §7).
// Data only: the tool prints it (`mesogrid techniques`) and draws it as a chair-side checklist on the maps (each item's
// `check`, a short line to tick).
#pragma once
#include <string_view>
#include <vector>

namespace mesogrid {

/// One item: what, where it comes from, and how strong the evidence is ("" when the list has one source).
struct SafetyItem {
  std::string_view text, source, strength;
  std::string_view check = {};  ///< the item as a line to tick at the chair ("" when it is no checklist line)
};

/// A titled list of items.
struct SafetyList {
  std::string_view key;    ///< JSON key, e.g. "contraindications"
  std::string_view title;  ///< heading, e.g. "Contraindications"
  std::vector<SafetyItem> items;
};

/// The safety lists, in printing order.
inline const std::vector<SafetyList>& safety_lists() {
  static const std::vector<SafetyList> lists = {
      {"who_may_be_treated",
       "Who may be treated",
       {{"Healthy adults over 18, any sex, ethnicity or skin type; a specialist decides from the medical history, "
         "age and skin type",
         "reference article", "", "Adult; history, age, skin type reviewed"},
        {"Must be performed by a qualified physician, with informed consent",
         "Mammucari 2011 consensus (Eur Rev Med Pharmacol Sci 15:682); France: physicians only", "consensus",
         "Consent signed; a qualified physician injects"}}},
      {"contraindications",
       "Contraindications",
       {{"Pregnancy", "reference article; healthfan.biz; delightmedical.com; the-clinic.me; alexandradalu.com",
         "consistent across clinical and clinic sources", "Not pregnant"},
        {"Breastfeeding (no published compatibility data; the product is absorbed)",
         "reference article; healthfan.biz; delightmedical.com; e-lactancia.org", "consistent", "Not breastfeeding"},
        {"Age under 18 (Restylane Kysse: over 21 only)", "delightmedical.com; the-facialist.co.uk; Kysse US label",
         "age thresholds differ", "18 or older (21 on some product labels)"},
        {"Allergy to any component, including lidocaine (HA products may hold traces of bacterial protein)",
         "reference article; Restylane Kysse label; healthfan.biz", "label",
         "No allergy to a component (lidocaine too)"},
        {"Bleeding disorders, thrombolytics or anticoagulants (e.g. warfarin)",
         "Restylane Vital Light warnings; healthfan.biz; delightmedical.com; the-clinic.me", "label",
         "No bleeding disorder, no anticoagulant"},
        {"Aspirin and NSAIDs increase bruising: stop 2-3 days before (the-clinic.me), 7 days before "
         "(bio-standard.kr), avoid 24 h after (vigammedicalspa.com)",
         "Restylane Vital Light label; clinic practice", "intervals disagree",
         "Aspirin, NSAIDs stopped (2-7 days before)"},
        {"Active infection, inflammation or tumour at the site; herpes can be reactivated",
         "Restylane Vital Light warnings; healthfan.biz", "label", "No infection, herpes or tumour at the sites"},
        {"Areas with poor collateral blood supply; thin periorbital skin", "Restylane Vital Light warnings", "label",
         "Care where blood supply is poor or skin thin"},
        {"Never inject alcohol- or oil-based substances (necrosis)", "Konda & Thappa 2013 (IJDVL)", "peer-reviewed",
         "Product is not alcohol- or oil-based"},
        {"Also listed: cancer or chemotherapy, insulin-dependent diabetes, severe heart disease or arrhythmia, past "
         "stroke or blood clots, uncontrolled high blood pressure, autoimmune disease or immunodeficiency, keloid "
         "tendency, isotretinoin within 6-12 months",
         "delightmedical.com; ecoskinclinic.co.uk; the-facialist.co.uk; healthfan.biz",
         "clinic lists only, low evidence",
         "Asked: cancer, diabetes, heart, stroke, clots, blood pressure, autoimmune, keloids, isotretinoin"}}},
      {"before_session",
       "Before the session",
       {{"Test for an allergic reaction to the chosen substances; discuss the substance used; choose an experienced "
         "physician",
         "reference article", "", "Allergy test done; product discussed"},
        {"Stop anti-inflammatory, pain-relief and anticoagulant drugs (aspirin, ibuprofen, other NSAIDs) before and "
         "after, because of bleeding (intervals disagree: 2-3 or 7 days before)",
         "reference article; clinical.md §5", "intervals disagree", "Anti-inflammatory, pain drugs paused"},
        {"Eat a healthy meal before and after", "reference article", "", "Patient has eaten"}}},
      {"after_session",
       "After the session",
       {{"No water on the treated area for the first 10-15 hours", "reference article", "",
         "No water on the area for 10-15 hours"},
        {"No make-up for 24 hours", "reference article", "", "No make-up for 24 hours"},
        {"Avoid swimming pools, steam baths and sun exposure", "reference article", "",
         "No swimming pool, steam bath or sun"},
        {"No physical exertion for the first two days", "reference article", "", "No physical exertion for 2 days"},
        {"Cold on and around the area against swelling, bruising and redness (cold chamomile compresses or cold "
         "gels)",
         "reference article", "", "Cold compresses against swelling, bruising"},
        {"Do not press or scratch the treated area", "reference article", "", "Do not press or scratch the area"},
        {"Touch the area as little as possible, with washed hands, to prevent infection", "reference article", "",
         "Touch the area little, with washed hands"},
        {"Follow every instruction of the physician", "reference article", "", "Follow the physician's instructions"}}},
      {"side_effects",
       "Side effects",
       {{"Immediate or delayed allergic reaction", "reference article", "", "Allergic reaction, at once or later"},
        {"Infection from poor sterility", "reference article", "", "Infection"},
        {"Pigmentation of treated areas", "reference article", "", "Pigmentation"},
        {"Bruises and sores at injection sites, scarring and deformity", "reference article", "",
         "Bruises, sores, scars"},
        {"Panniculitis; itching and pain", "reference article", "", "Panniculitis, itching, pain"},
        {"Nausea, vomiting, diarrhoea after the session", "reference article", "", "Nausea, vomiting, diarrhoea"},
        {"Painful nodules under the skin (too much product a site)", "reference article", "", "Painful nodules"},
        {"Rarely Nicolau dermatitis (embolia cutis medicamentosa: a skin artery occluded by an accidental "
         "intra-arterial injection)",
         "reference article; Rinaldi 2017; Frontiers in Medicine 2023", "case reports",
         "Rarely Nicolau dermatitis (skin artery occluded)"}}},
      {"session",
       "Session",
       {{"A session takes 30-45 minutes (the whole visit), is not painful and needs no anaesthesia; redness and small "
         "bruises usually fade within 30 minutes",
         "reference article", ""},
        {"A full face takes about 2-2.5 mL in total, about 3 mL with the neck (the default session budget)",
         "clinical.md §1d, §6 (e-aaps 2014 injector figures)", "extrapolated"}}},
  };
  return lists;
}

}  // namespace mesogrid
