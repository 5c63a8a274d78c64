// mesogrid/plan/safety.hpp: the safety content of facial mesotherapy that every plan is read with: who may be
// treated, contraindications, what to do before and after a session, side effects and session facts, each with
// its source and how strong the evidence is (the reference article and the sources of clinical.md §5 and §7).
// Data only: the tool prints it (`mesogrid techniques`).
#pragma once
#include <string_view>
#include <vector>

namespace mesogrid {

/// One item: what, where it comes from, and how strong the evidence is ("" when the list has one source).
struct SafetyItem {
  std::string_view text, source, strength;
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
         "reference article", ""},
        {"Must be performed by a qualified physician, with informed consent",
         "Mammucari 2011 consensus (Eur Rev Med Pharmacol Sci 15:682); France: physicians only", "consensus"}}},
      {"contraindications",
       "Contraindications",
       {{"Pregnancy", "reference article; healthfan.biz; delightmedical.com; the-clinic.me; alexandradalu.com",
         "consistent across clinical and clinic sources"},
        {"Breastfeeding (no published compatibility data; the product is absorbed)",
         "reference article; healthfan.biz; delightmedical.com; e-lactancia.org", "consistent"},
        {"Age under 18 (Restylane Kysse: over 21 only)", "delightmedical.com; the-facialist.co.uk; Kysse US label",
         "age thresholds differ"},
        {"Allergy to any component, including lidocaine (HA products may hold traces of bacterial protein)",
         "reference article; Restylane Kysse label; healthfan.biz", "label"},
        {"Bleeding disorders, thrombolytics or anticoagulants (e.g. warfarin)",
         "Restylane Vital Light warnings; healthfan.biz; delightmedical.com; the-clinic.me", "label"},
        {"Aspirin and NSAIDs increase bruising: stop 2-3 days before (the-clinic.me), 7 days before "
         "(bio-standard.kr), avoid 24 h after (vigammedicalspa.com)",
         "Restylane Vital Light label; clinic practice", "intervals disagree"},
        {"Active infection, inflammation or tumour at the site; herpes can be reactivated",
         "Restylane Vital Light warnings; healthfan.biz", "label"},
        {"Areas with poor collateral blood supply; thin periorbital skin", "Restylane Vital Light warnings", "label"},
        {"Never inject alcohol- or oil-based substances (necrosis)", "Konda & Thappa 2013 (IJDVL)", "peer-reviewed"},
        {"Also listed: cancer or chemotherapy, insulin-dependent diabetes, severe heart disease or arrhythmia, past "
         "stroke or blood clots, uncontrolled high blood pressure, autoimmune disease or immunodeficiency, keloid "
         "tendency, isotretinoin within 6-12 months",
         "delightmedical.com; ecoskinclinic.co.uk; the-facialist.co.uk; healthfan.biz",
         "clinic lists only, low evidence"}}},
      {"before_session",
       "Before the session",
       {{"Test for an allergic reaction to the chosen substances; discuss the substance used; choose an experienced "
         "physician",
         "reference article", ""},
        {"Stop anti-inflammatory, pain-relief and anticoagulant drugs (aspirin, ibuprofen, other NSAIDs) before and "
         "after, because of bleeding (intervals disagree: 2-3 or 7 days before)",
         "reference article; clinical.md §5", "intervals disagree"},
        {"Eat a healthy meal before and after", "reference article", ""}}},
      {"after_session",
       "After the session",
       {{"No water on the treated area for the first 10-15 hours", "reference article", ""},
        {"No make-up for 24 hours", "reference article", ""},
        {"Avoid swimming pools, steam baths and sun exposure", "reference article", ""},
        {"No physical exertion for the first two days", "reference article", ""},
        {"Cold on and around the area against swelling, bruising and redness (cold chamomile compresses or cold "
         "gels)",
         "reference article", ""},
        {"Do not press or scratch the treated area", "reference article", ""},
        {"Touch the area as little as possible, with washed hands, to prevent infection", "reference article", ""},
        {"Follow every instruction of the physician", "reference article", ""}}},
      {"side_effects",
       "Side effects",
       {{"Immediate or delayed allergic reaction", "reference article", ""},
        {"Infection from poor sterility", "reference article", ""},
        {"Pigmentation of treated areas", "reference article", ""},
        {"Bruises and sores at injection sites, scarring and deformity", "reference article", ""},
        {"Panniculitis; itching and pain", "reference article", ""},
        {"Nausea, vomiting, diarrhoea after the session", "reference article", ""},
        {"Painful nodules under the skin (too much product a site)", "reference article", ""},
        {"Rarely Nicolau dermatitis (embolia cutis medicamentosa: a skin artery occluded by an accidental "
         "intra-arterial injection)",
         "reference article; Rinaldi 2017; Frontiers in Medicine 2023", "case reports"}}},
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
