# End-to-end tests of the mesogrid binary (tests/cli/cli.sh CASE), included from tests/CMakeLists.txt.
set(MESOGRID_CLI_CASES
  version help
  plan_builtin_table plan_builtin_csv plan_builtin_json plan_deterministic plan_dense_ply
  plan_plane_square_100 plan_plane_json_summary plan_units_cm plan_format_from_extension plan_notes_quiet
  regions_plane regions_builtin techniques
  exit1_values exit1_parse exit1_before_reading exit2_input exit3_plan atomic_output
  planeval_forehead builtin_header_fresh install_consumer zones_flags
  landmarks_plan landmarks_units landmarks_errors landmarks_regions_svg landmarks_batch_compare landmarks_ict_acceptance)
foreach(case IN LISTS MESOGRID_CLI_CASES)
  add_test(NAME cli_${case} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli.sh ${case})
  set_tests_properties(cli_${case} PROPERTIES
    SKIP_RETURN_CODE 77
    ENVIRONMENT "MESOGRID=$<TARGET_FILE:mesogrid_app>;DATA=${PROJECT_SOURCE_DIR}/tests/data;SRC=${PROJECT_SOURCE_DIR};BUILD=${PROJECT_BINARY_DIR};SHARED=${MESOGRID_SHARED_DIR}")
endforeach()
set_tests_properties(cli_install_consumer cli_landmarks_ict_acceptance PROPERTIES TIMEOUT 300)

# ---- batch: end-to-end cases (tests/cli/batch.sh CASE) ----
set(MESOGRID_BATCH_CASES
  batch_mixed batch_jobs_identical batch_resume_after_kill batch_shards batch_manifest_errors batch_formats
  batch_rerun_failed_output batch_example)
foreach(case IN LISTS MESOGRID_BATCH_CASES)
  add_test(NAME cli_${case} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/batch.sh ${case})
  set_tests_properties(cli_${case} PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 300
    ENVIRONMENT "MESOGRID=$<TARGET_FILE:mesogrid_app>;DATA=${PROJECT_SOURCE_DIR}/tests/data;SRC=${PROJECT_SOURCE_DIR}")
endforeach()

# ---- maps (plan --format svg, --view, --labels) and compare (tests/cli/svg.sh CASE) ----
set(MESOGRID_SVG_CASES svg_plan_xml svg_views svg_render compare_table compare_svg pdf_outputs)
foreach(case IN LISTS MESOGRID_SVG_CASES)
  add_test(NAME cli_${case} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/svg.sh ${case})
  set_tests_properties(cli_${case} PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 300
    ENVIRONMENT "MESOGRID=$<TARGET_FILE:mesogrid_app>;SRC=${PROJECT_SOURCE_DIR}")
endforeach()
if(TARGET mesogrid_app)  # the rendered maps of examples/maps, regenerated and diffed (SVGs)
  add_test(NAME examples_maps_regenerate
    COMMAND bash ${PROJECT_SOURCE_DIR}/examples/maps/regenerate.sh $<TARGET_FILE:mesogrid_app> --check)
endif()
