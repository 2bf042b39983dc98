//! Every word the sessions feature writes, and how it writes dates and times, per language.
//!
//! This is the one place to add a language: add a `Locale` constant and a line in
//! [`Locale::for_lang`]. A language without one falls back to English.
//!
//! English: "Thursday, December 3, 2026, 6:00–7:30 p.m." (en dash, a.m./p.m. with periods,
//! minutes always written). Spanish: "jueves, 3 de diciembre de 2026, 6:00–7:30 p. m.".

use chrono::{DateTime, Datelike, NaiveDate, Offset, Timelike};
use chrono_tz::Tz;
use serde::Serialize;

/// Words and date patterns for one language.
#[derive(Debug)]
pub struct Locale {
    /// Weekday names, Monday first.
    weekdays: [&'static str; 7],
    /// Month names, January first.
    months: [&'static str; 12],
    /// A full date from (weekday, day, month, year).
    date: fn(&str, u32, &str, i32) -> String,
    /// A month heading from (month, year).
    month_year: fn(&str, i32) -> String,
    am: &'static str,
    pm: &'static str,
    /// Text for templates and calendars.
    pub ui: Ui,
}

/// Interface text, given to templates as `sessions[lang].ui` and `event.ui`.
#[derive(Debug, Clone, Serialize)]
pub struct Ui {
    pub upcoming: &'static str,
    pub past: &'static str,
    pub none_upcoming: &'static str,
    pub none_upcoming_hint: &'static str,
    pub none_past: &'static str,
    pub none_match: &'static str,
    pub all_sessions: &'static str,
    pub filter: &'static str,
    pub filter_all: &'static str,
    pub in_person: &'static str,
    pub online: &'static str,
    /// After the place of a session that is also online.
    pub also_online: &'static str,
    pub neighborhoods: &'static str,
    /// "{n} sessions shown" (the script fills in {n}).
    pub shown: &'static str,
    pub as_of: &'static str,
    pub when: &'static str,
    pub place: &'static str,
    pub place_unknown: &'static str,
    pub map: &'static str,
    pub join: &'static str,
    pub joining_details: &'static str,
    pub languages: &'static str,
    pub interpretation: &'static str,
    pub accessibility: &'static str,
    pub registration: &'static str,
    pub register: &'static str,
    pub contact: &'static str,
    pub status: &'static str,
    pub add_to_calendar: &'static str,
    pub subscribe: &'static str,
    pub subscribe_hint: &'static str,
    pub ended: &'static str,
    pub details: &'static str,
    pub status_scheduled: &'static str,
    pub status_cancelled: &'static str,
    pub status_postponed: &'static str,
    pub status_moved_online: &'static str,
    pub status_held: &'static str,
    /// Label of a `scheduled` session once it is over.
    pub status_ended: &'static str,
    pub cancelled_note: &'static str,
    pub postponed_note: &'static str,
    pub moved_online_note: &'static str,
    pub title_in_person: &'static str,
    pub title_online: &'static str,
    /// "Sessions in {name}".
    pub title_neighborhood: &'static str,
    pub calendar_name: &'static str,
    pub more_details: &'static str,
    pub time_not_published: &'static str,
}

const EN_UI: Ui = Ui {
    upcoming: "Upcoming sessions",
    past: "Past sessions",
    none_upcoming: "No sessions are scheduled right now.",
    none_upcoming_hint: "To hear about the next one, subscribe to the sessions calendar or check this page again.",
    none_past: "No past sessions are listed yet.",
    none_match: "No sessions match this choice.",
    all_sessions: "All sessions",
    filter: "Show sessions",
    filter_all: "All",
    in_person: "In person",
    online: "Online",
    also_online: "also online",
    neighborhoods: "Neighborhood",
    shown: "{n} sessions shown",
    as_of: "This list was made on",
    when: "When",
    place: "Where",
    place_unknown: "Place not published",
    map: "Find it on a map",
    join: "Join online",
    joining_details: "How to join",
    languages: "Languages",
    interpretation: "Interpretation",
    accessibility: "Access",
    registration: "Registration",
    register: "Register for this session",
    contact: "Questions",
    status: "Status",
    add_to_calendar: "Add to calendar (.ics)",
    subscribe: "Subscribe to the sessions calendar",
    subscribe_hint: "Your calendar app will then show new and changed sessions by itself.",
    ended: "This session has ended.",
    details: "Details",
    status_scheduled: "Scheduled",
    status_cancelled: "Cancelled",
    status_postponed: "Postponed",
    status_moved_online: "Moved online",
    status_held: "Held",
    status_ended: "Ended",
    cancelled_note: "This session is cancelled. It will not take place.",
    postponed_note: "This session is postponed. A new date will be announced here.",
    moved_online_note: "This session has moved online. Join it with the link below.",
    title_in_person: "In-person sessions",
    title_online: "Online sessions",
    title_neighborhood: "Sessions in {name}",
    calendar_name: "Sessions",
    more_details: "Details",
    time_not_published: "Time not published",
};

const ES_UI: Ui = Ui {
    upcoming: "Próximas sesiones",
    past: "Sesiones pasadas",
    none_upcoming: "No hay sesiones programadas por ahora.",
    none_upcoming_hint: "Para saber de la próxima, suscríbase al calendario de sesiones o vuelva a consultar esta página.",
    none_past: "Todavía no hay sesiones pasadas en la lista.",
    none_match: "Ninguna sesión coincide con esta opción.",
    all_sessions: "Todas las sesiones",
    filter: "Mostrar sesiones",
    filter_all: "Todas",
    in_person: "En persona",
    online: "En línea",
    also_online: "también en línea",
    neighborhoods: "Barrio",
    shown: "{n} sesiones en la lista",
    as_of: "Esta lista se hizo el",
    when: "Cuándo",
    place: "Dónde",
    place_unknown: "Lugar no publicado",
    map: "Buscar en un mapa",
    join: "Unirse en línea",
    joining_details: "Cómo unirse",
    languages: "Idiomas",
    interpretation: "Interpretación",
    accessibility: "Acceso",
    registration: "Inscripción",
    register: "Inscribirse en esta sesión",
    contact: "Preguntas",
    status: "Estado",
    add_to_calendar: "Agregar al calendario (.ics)",
    subscribe: "Suscribirse al calendario de sesiones",
    subscribe_hint: "Su aplicación de calendario mostrará sola las sesiones nuevas y los cambios.",
    ended: "Esta sesión ya terminó.",
    details: "Detalles",
    status_scheduled: "Programada",
    status_cancelled: "Cancelada",
    status_postponed: "Aplazada",
    status_moved_online: "Pasó a ser en línea",
    status_held: "Realizada",
    status_ended: "Terminada",
    cancelled_note: "Esta sesión está cancelada. No se realizará.",
    postponed_note: "Esta sesión está aplazada. La nueva fecha se anunciará aquí.",
    moved_online_note: "Esta sesión ahora es en línea. Únase con el enlace de abajo.",
    title_in_person: "Sesiones en persona",
    title_online: "Sesiones en línea",
    title_neighborhood: "Sesiones en {name}",
    calendar_name: "Sesiones",
    more_details: "Detalles",
    time_not_published: "Hora no publicada",
};

/// English.
pub static EN: Locale = Locale {
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date: |wd, d, m, y| format!("{wd}, {m} {d}, {y}"),
    month_year: |m, y| format!("{m} {y}"),
    am: "a.m.",
    pm: "p.m.",
    ui: EN_UI,
};

/// Spanish (to be reviewed with the translations of issue 8).
pub static ES: Locale = Locale {
    weekdays: [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    date: |wd, d, m, y| format!("{wd}, {d} de {m} de {y}"),
    month_year: |m, y| format!("{m} de {y}"),
    am: "a. m.",
    pm: "p. m.",
    ui: ES_UI,
};

/// A written-out time span, split so that templates can wrap the start and the end in their
/// own `<time>` elements: `start` + `sep` + `end` reads as one phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    /// "Thursday, December 3, 2026, 6:00"
    pub start: String,
    /// "–", " – ", or empty when there is no end.
    pub sep: String,
    /// "7:30 p.m.", or empty.
    pub end: String,
    /// The whole phrase.
    pub text: String,
}

impl Locale {
    /// The locale for a language code; English when there is none for it.
    pub fn for_lang(lang: &str) -> &'static Locale {
        match lang.split('-').next().unwrap_or(lang) {
            "es" => &ES,
            _ => &EN,
        }
    }

    /// "Thursday, December 3, 2026".
    pub fn date(&self, d: NaiveDate) -> String {
        (self.date)(
            self.weekdays[d.weekday().num_days_from_monday() as usize],
            d.day(),
            self.months[d.month0() as usize],
            d.year(),
        )
    }

    /// "December 2026".
    pub fn month_year(&self, d: NaiveDate) -> String {
        (self.month_year)(self.months[d.month0() as usize], d.year())
    }

    /// (clock, half): ("6:00", "p.m.").
    fn clock(&self, h: u32, m: u32) -> (String, &'static str) {
        let half = if h < 12 { self.am } else { self.pm };
        let h12 = match h % 12 {
            0 => 12,
            x => x,
        };
        (format!("{h12}:{m:02}"), half)
    }

    /// A span in its own time zone: the end's date is left out when it is the same day, and
    /// "a.m."/"p.m." is said once when both times share it.
    pub fn span(&self, start: DateTime<Tz>, end: Option<DateTime<Tz>>) -> Written {
        let (sc, sh) = self.clock(start.hour(), start.minute());
        let day = self.date(start.date_naive());
        let Some(end) = end else {
            let s = format!("{day}, {sc} {sh}");
            return Written {
                text: s.clone(),
                start: s,
                sep: String::new(),
                end: String::new(),
            };
        };
        let (ec, eh) = self.clock(end.hour(), end.minute());
        // When the clocks change during the session, each time says its zone ("EDT", "EST").
        let zones = start.offset().fix() != end.offset().fix();
        let (sz, ez) = if zones {
            (
                format!(" {}", start.format("%Z")),
                format!(" {}", end.format("%Z")),
            )
        } else {
            Default::default()
        };
        let (s, sep, e) = if end.date_naive() != start.date_naive() {
            (
                format!("{day}, {sc} {sh}{sz}"),
                " – ",
                format!("{}, {ec} {eh}{ez}", self.date(end.date_naive())),
            )
        } else if sh == eh && !zones {
            (format!("{day}, {sc}"), "–", format!("{ec} {eh}"))
        } else {
            (
                format!("{day}, {sc} {sh}{sz}"),
                "–",
                format!("{ec} {eh}{ez}"),
            )
        };
        Written {
            text: format!("{s}{sep}{e}"),
            start: s,
            sep: sep.into(),
            end: e,
        }
    }

    /// A day without a known time.
    pub fn day(&self, d: NaiveDate) -> Written {
        let s = self.date(d);
        Written {
            text: s.clone(),
            start: s,
            sep: String::new(),
            end: String::new(),
        }
    }

    /// A moment, for "This list was made on …".
    pub fn moment(&self, t: DateTime<Tz>) -> String {
        let (c, h) = self.clock(t.hour(), t.minute());
        format!("{}, {c} {h}", self.date(t.date_naive()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ny(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Tz> {
        chrono_tz::America::New_York
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
    }

    #[test]
    fn english_span_says_pm_once() {
        let w = EN.span(ny(2026, 12, 3, 18, 0), Some(ny(2026, 12, 3, 19, 30)));
        assert_eq!(w.text, "Thursday, December 3, 2026, 6:00–7:30 p.m.");
        assert_eq!(
            (w.start.as_str(), w.sep.as_str(), w.end.as_str()),
            ("Thursday, December 3, 2026, 6:00", "–", "7:30 p.m.")
        );
    }

    #[test]
    fn english_span_across_noon_and_midnight() {
        assert_eq!(
            EN.span(ny(2026, 12, 3, 11, 0), Some(ny(2026, 12, 3, 13, 0)))
                .text,
            "Thursday, December 3, 2026, 11:00 a.m.–1:00 p.m."
        );
        assert_eq!(
            EN.span(ny(2026, 12, 3, 0, 5), Some(ny(2026, 12, 3, 12, 0)))
                .text,
            "Thursday, December 3, 2026, 12:05 a.m.–12:00 p.m."
        );
        assert_eq!(
            EN.span(ny(2026, 12, 3, 23, 0), Some(ny(2026, 12, 4, 1, 0)))
                .text,
            "Thursday, December 3, 2026, 11:00 p.m. – Friday, December 4, 2026, 1:00 a.m."
        );
        assert_eq!(
            EN.span(ny(2026, 12, 3, 18, 0), None).text,
            "Thursday, December 3, 2026, 6:00 p.m."
        );
    }

    #[test]
    fn clock_changes_during_a_session_name_both_zones() {
        let tz = chrono_tz::America::New_York;
        let first = tz
            .with_ymd_and_hms(2026, 11, 1, 1, 15, 0)
            .earliest()
            .unwrap();
        let second = tz.with_ymd_and_hms(2026, 11, 1, 1, 45, 0).latest().unwrap();
        assert_eq!(
            EN.span(first, Some(second)).text,
            "Sunday, November 1, 2026, 1:15 a.m. EDT–1:45 a.m. EST"
        );
    }

    #[test]
    fn spanish_span() {
        let w = ES.span(ny(2026, 12, 3, 18, 0), Some(ny(2026, 12, 3, 19, 30)));
        assert_eq!(w.text, "jueves, 3 de diciembre de 2026, 6:00–7:30 p. m.");
        assert_eq!(
            ES.month_year(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            "diciembre de 2026"
        );
    }

    #[test]
    fn unknown_language_falls_back_to_english() {
        assert_eq!(
            Locale::for_lang("fr").date(NaiveDate::from_ymd_opt(2022, 7, 4).unwrap()),
            "Monday, July 4, 2022"
        );
        assert_eq!(
            Locale::for_lang("es-US")
                .day(NaiveDate::from_ymd_opt(2022, 7, 4).unwrap())
                .text,
            "lunes, 4 de julio de 2022"
        );
    }
}
