/*
 * The device's own lists in the dialogs, always through Node-RED's admin API (the browser may not
 * reach the device): images for create and redeploy, containers with their state wherever a
 * container is named, and the device dialog's Test connection.
 */
(function () {
  'use strict';

  /** What went wrong, for a person: the device's message without a code prefix, or why the call was refused. */
  function describeFailure(xhr) {
    var body = xhr && xhr.responseJSON;
    if (body && body.error) return { code: body.error.code, message: body.error.message };
    if (xhr && (xhr.status === 401 || xhr.status === 403)) {
      return { code: 'FORBIDDEN', message: 'Not allowed: your Node-RED user lacks the secureedge permission.' };
    }
    return { code: 'NETWORK', message: 'Node-RED did not answer (HTTP ' + (xhr ? xhr.status : '?') + ').' };
  }

  /**
   * Ask Node-RED for one of the device's lists ('images' or 'containers'). `form` is the device as
   * the editor has it now; a password of "__PWRD__" means "unchanged". Without write permission,
   * fall back to the deployed device's list (read permission).
   */
  function fetchList(kind, form, done) {
    $.ajax({ url: 'secureedge/' + kind, method: 'POST', contentType: 'application/json', data: JSON.stringify(form), dataType: 'json' })
      .done(function (body) {
        done(null, body[kind] || []);
      })
      .fail(function (xhr) {
        if ((xhr.status === 401 || xhr.status === 403) && form.id) {
          $.ajax({ url: 'secureedge/devices/' + encodeURIComponent(form.id) + '/' + kind, dataType: 'json' })
            .done(function (body) {
              done(null, body[kind] || []);
            })
            .fail(function (xhr2) {
              done(describeFailure(xhr2));
            });
          return;
        }
        done(describeFailure(xhr));
      });
  }

  /** The device form of a config node as the editor holds it (deployed or not). */
  function deviceForm(id) {
    var cfg = RED.nodes.node(id);
    if (!cfg) return null;
    var creds = cfg.credentials || {};
    return {
      id: id,
      url: cfg.url,
      timeout: cfg.timeout,
      acceptSelfSigned: cfg.acceptSelfSigned === true,
      username: creds.username,
      password: creds.password,
    };
  }

  /**
   * A "From device" select filled from the selected device. opts: kind, what (in notes), select,
   * note, refresh, text(item), value(item), current() (the value to show as picked), pick(item).
   */
  function setupPicker(opts) {
    // The editor fires 'change' on the device select while it fills it: only the latest load may fill the list.
    var latest = 0;
    function load() {
      var id = $('#node-input-device').val();
      var ticket = ++latest;
      opts.select.empty().append($('<option value="">').text('— pick ' + opts.what + ' on the device —'));
      var form = id && id !== '_ADD_' ? deviceForm(id) : null;
      if (!form) {
        opts.note.text('Pick a device to choose from its ' + opts.kind + '.');
        return;
      }
      opts.note.text('Loading the device’s ' + opts.kind + '…');
      fetchList(opts.kind, form, function (err, items) {
        if (ticket !== latest) return;
        if (err) {
          opts.note.text('List not available: ' + err.message + ' You can still type the name.');
          return;
        }
        items.forEach(function (item) {
          opts.select.append($('<option>').val(opts.value(item)).text(opts.text(item)).data('item', item));
        });
        // Show what the node is set to, so a reopened dialog keeps the picked entry.
        var current = opts.current();
        if (current && opts.select.find('option').filter(function () { return $(this).val() === current; }).length) {
          opts.select.val(current);
        }
        opts.note.text(items.length + ' ' + opts.kind + ' on the device.');
      });
    }
    opts.select.on('change', function () {
      var item = opts.select.find('option:selected').data('item');
      if (item) opts.pick(item);
    });
    $('#node-input-device').on('change', load);
    opts.refresh.on('click', function (e) {
      e.preventDefault();
      load();
    });
    load();
  }

  function typedValue(id) {
    var input = $('#node-input-' + id);
    return input.typedInput('type') === 'str' ? input.typedInput('value') : '';
  }

  function setTyped(id, value) {
    $('#node-input-' + id)
      .typedInput('type', 'str')
      .typedInput('value', value)
      .trigger('change');
  }

  /** Image picker (#node-input-image-choice): choosing sets Image and Tag. */
  function setupImagePicker() {
    setupPicker({
      kind: 'images',
      what: 'an image',
      select: $('#node-input-image-choice'),
      note: $('#node-input-image-note'),
      refresh: $('#node-input-load-images'),
      value: function (img) {
        return img.name + ':' + img.tag;
      },
      text: function (img) {
        return img.name + ':' + img.tag + (typeof img.size === 'number' ? '  (' + (img.size / 1e6).toFixed(1) + ' MB)' : '');
      },
      current: function () {
        var image = typedValue('image');
        var tag = typedValue('tag');
        return image && tag ? image + ':' + tag : '';
      },
      pick: function (img) {
        setTyped('image', img.name);
        setTyped('tag', img.tag);
      },
    });
  }

  /** Container picker (#node-input-container-choice): each container with its state; choosing sets Container. */
  function setupContainerPicker() {
    setupPicker({
      kind: 'containers',
      what: 'a container',
      select: $('#node-input-container-choice'),
      note: $('#node-input-container-note'),
      refresh: $('#node-input-load-containers'),
      value: function (c) {
        return c.name;
      },
      text: function (c) {
        return c.name + (c.running_state ? '  (' + c.running_state + ')' : '');
      },
      current: function () {
        return typedValue('container');
      },
      pick: function (c) {
        setTyped('container', c.name);
      },
    });
  }

  // ---- the device config dialog's connection test ----

  function showResult(result, ok, text, title) {
    result
      .empty()
      .removeClass('secureedge-test-ok secureedge-test-failed secureedge-test-busy')
      .addClass(ok === true ? 'secureedge-test-ok' : ok === false ? 'secureedge-test-failed' : 'secureedge-test-busy')
      .css('color', ok === true ? 'var(--red-ui-text-color-success, #3a813a)' : ok === false ? 'var(--red-ui-text-color-error, #d00)' : '')
      .attr('title', title || '')
      .append($('<i>').addClass(ok === true ? 'fa fa-check-circle' : ok === false ? 'fa fa-exclamation-circle' : 'fa fa-spinner fa-spin'))
      .append(document.createTextNode(' ' + text));
  }

  function setupConnectionTest(node) {
    var result = $('#node-config-test-result');
    $('#node-config-test-connection').on('click', function (e) {
      e.preventDefault();
      showResult(result, null, 'Connecting…');
      fetchList(
        'images',
        {
          id: node.id,
          url: $('#node-config-input-url').val(),
          timeout: $('#node-config-input-timeout').val(),
          acceptSelfSigned: $('#node-config-input-acceptSelfSigned').is(':checked'),
          username: $('#node-config-input-username').val(),
          password: $('#node-config-input-password').val(),
        },
        function (err, images) {
          if (err) showResult(result, false, err.message, err.code);
          else showResult(result, true, 'Connected: ' + images.length + ' image(s) on the device.');
        },
      );
    });
  }

  Object.assign(window.SecureEdgeEditor, {
    fetchList: fetchList,
    setupImagePicker: setupImagePicker,
    setupContainerPicker: setupContainerPicker,
    setupConnectionTest: setupConnectionTest,
  });
})();
